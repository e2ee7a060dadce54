#include "lap/report/xlsx.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "lap/core/overloaded.h"

namespace lap::report {
namespace {

// Characters, not bytes, of UTF-8 text (for column widths).
size_t text_length(std::string_view text) {
  return static_cast<size_t>(std::ranges::count_if(
      text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Roughly how many characters a cell shows.
size_t display_length(const Cell& cell) {
  return std::visit(Overloaded{
                        [](std::monostate) -> size_t { return 0; },
                        [](const std::string& s) { return text_length(s); },
                        [](const Coded& c) { return text_length(c.text); },
                        [](int64_t v) { return std::to_string(v).size(); },
                        [](Money m) { return text_length(m.to_string_nl()); },
                        [](const pact::Rate&) -> size_t { return 7; },
                        [](bool) -> size_t { return 3; },
                        [](Date) -> size_t { return 10; },
                        [](const std::vector<std::string>& v) {
                          size_t n = 0;
                          for (const auto& s : v)
                            n += text_length(s) + 2;
                          return n;
                        },
                    },
                    cell);
}

double column_width(size_t chars) {
  return static_cast<double>(std::clamp<size_t>(chars + 2, 8, 60));
}

// Excel's forbidden sheet-name characters replaced, at most 31 characters.
std::string sheet_name(std::string_view name) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (lead && chars == 31) break;
    if (lead) ++chars;
    out.push_back(std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_');
  }
  return out.empty() ? "Blad1" : out;
}

// One workbook being written; remembers the first error.
class Book {
 public:
  explicit Book(const std::string& file, Date created)
      : company_buf_("Activeringspact"), author_buf_("Activeringspact") {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.use_zip64 = LXW_FALSE;
    wb_ = workbook_new_opt(file.c_str(), &options);
    if (wb_ == nullptr) {
      error_ = fmt::format("{}: cannot create workbook", file);
      return;
    }
    lxw_doc_properties props{};
    props.author = author_buf_.data();
    props.company = company_buf_.data();
    // 0 would mean "now"; the document date keeps the bytes reproducible.
    const auto secs = static_cast<time_t>(created.days_since_epoch()) * 86400;
    props.created = secs == 0 ? 1 : secs;
    check(workbook_set_properties(wb_, &props));

    bold_ = format();
    format_set_bold(bold_);
    header_ = format();
    format_set_bold(header_);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
    format_set_bottom(header_, LXW_BORDER_THIN);
    format_set_pattern(header_, LXW_PATTERN_SOLID);
    format_set_bg_color(header_, 0xDDEBF7);
    title_ = format();
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    integer_ = format();
    format_set_num_format(integer_, "0");
    money_ = format();
    format_set_num_format(money_, kXlsxEuroFormat);
    percent_ = format();
    format_set_num_format(percent_, kXlsxPercentFormat);
    date_ = format();
    format_set_num_format(date_, kXlsxDateFormat);
    text_ = format();
    format_set_align(text_, LXW_ALIGN_LEFT);
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  ~Book() {
    if (wb_ != nullptr) workbook_close(wb_);
  }

  lxw_worksheet* add_sheet(std::string_view name) {
    if (wb_ == nullptr) return nullptr;
    const std::string n = sheet_name(name);
    lxw_worksheet* ws = workbook_add_worksheet(wb_, n.c_str());
    if (ws == nullptr) error_ = fmt::format("cannot add worksheet {}", n);
    return ws;
  }

  void check(lxw_error e) {
    if (e != LXW_NO_ERROR && error_.empty()) error_ = lxw_strerror(e);
  }

  void write(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const Cell& cell,
             lxw_format* text_format = nullptr) {
    std::visit(
        Overloaded{
            [](std::monostate) {},
            [&](const std::string& s) {
              check(worksheet_write_string(ws, row, col, s.c_str(), text_format));
            },
            [&](const Coded& c) {
              check(worksheet_write_string(ws, row, col, c.text.c_str(), text_format));
            },
            [&](int64_t v) {
              check(worksheet_write_number(ws, row, col, static_cast<double>(v), integer_));
            },
            [&](Money m) {
              check(worksheet_write_number(ws, row, col, static_cast<double>(m.cents()) / 100.0,
                                           money_));
            },
            [&](const pact::Rate& r) {
              check(worksheet_write_number(
                  ws, row, col, static_cast<double>(r.num()) / static_cast<double>(r.den()),
                  percent_));
            },
            [&](bool b) {
              check(worksheet_write_string(ws, row, col, b ? "ja" : "nee", text_format));
            },
            [&](Date d) {
              if (d.year() < 1900) {
                check(worksheet_write_string(ws, row, col, d.to_string().c_str(), text_format));
                return;
              }
              lxw_datetime dt{d.year(), d.month(), d.day(), 0, 0, 0.0};
              check(worksheet_write_datetime(ws, row, col, &dt, date_));
            },
            [&](const std::vector<std::string>& v) {
              std::string joined;
              for (const auto& s : v)
                joined += (joined.empty() ? "" : ", ") + s;
              check(worksheet_write_string(ws, row, col, joined.c_str(), text_format));
            },
        },
        cell);
  }

  // Label / value rows from `row` on; returns the next free row.
  lxw_row_t write_fields(lxw_worksheet* ws, lxw_row_t row, const std::vector<Field>& fields) {
    for (const auto& f : fields) {
      check(worksheet_write_string(ws, row, 0, f.label.c_str(), nullptr));
      write(ws, row, 1, f.value, text_);
      ++row;
    }
    return row;
  }

  static size_t label_width(const std::vector<Field>& fields, size_t* value_width) {
    size_t label = 12;
    for (const auto& f : fields) {
      label = std::max(label, text_length(f.label));
      *value_width = std::max(*value_width, display_length(f.value));
    }
    return label;
  }

  Status close() {
    if (wb_ == nullptr) return make_error(ErrorCode::kIo, error_);
    const lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    if (error_.empty() && e != LXW_NO_ERROR) error_ = lxw_strerror(e);
    if (!error_.empty()) return make_error(ErrorCode::kIo, "xlsx: " + error_);
    return {};
  }

  lxw_format* bold() const { return bold_; }
  lxw_format* header() const { return header_; }
  lxw_format* title() const { return title_; }

 private:
  lxw_format* format() { return workbook_add_format(wb_); }

  std::string company_buf_;
  std::string author_buf_;
  lxw_workbook* wb_ = nullptr;
  std::string error_;
  lxw_format* bold_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* title_ = nullptr;
  lxw_format* integer_ = nullptr;
  lxw_format* money_ = nullptr;
  lxw_format* percent_ = nullptr;
  lxw_format* date_ = nullptr;
  lxw_format* text_ = nullptr;
};

// The data of `sheet` as a worksheet of `book`.
void write_data(Book& book, const Sheet& sheet) {
  lxw_worksheet* ws = book.add_sheet(sheet.title);
  if (ws == nullptr) return;
  const auto ncols = static_cast<lxw_col_t>(sheet.columns.size());
  for (lxw_col_t c = 0; c < ncols; ++c) {
    const Column& col = sheet.columns[c];
    book.check(worksheet_write_string(ws, 0, c, col.heading.c_str(), book.header()));
    size_t width = std::min<size_t>(text_length(col.heading), 24);
    for (const auto& row : sheet.rows)
      if (c < row.size()) width = std::max(width, display_length(row[c]));
    book.check(worksheet_set_column(ws, c, c, column_width(width), nullptr));
  }
  lxw_row_t r = 1;
  for (const auto& row : sheet.rows) {
    for (lxw_col_t c = 0; c < ncols && c < row.size(); ++c)
      book.write(ws, r, c, row[c]);
    ++r;
  }
  worksheet_freeze_panes(ws, 1, 0);
  if (ncols > 0) book.check(worksheet_autofilter(ws, 0, 0, r - 1, ncols - 1));
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_repeat_rows(ws, 0, 0);
}

// `info` as the worksheet `Toelichting` of `book`.
void write_info(Book& book, const std::vector<Field>& fields) {
  if (fields.empty()) return;
  lxw_worksheet* info = book.add_sheet("Toelichting");
  if (info == nullptr) return;
  book.check(worksheet_write_string(info, 0, 0, "Omschrijving", book.header()));
  book.check(worksheet_write_string(info, 0, 1, "Waarde", book.header()));
  size_t value_width = 12;
  const size_t label_width = Book::label_width(fields, &value_width);
  book.check(worksheet_set_column(info, 0, 0, column_width(label_width), book.bold()));
  book.check(worksheet_set_column(info, 1, 1, column_width(value_width), nullptr));
  book.write_fields(info, 1, fields);
  worksheet_freeze_panes(info, 1, 0);
}

Status render(const Sheet& sheet, const std::string& file) {
  Book book(file, sheet.generated_on);
  write_data(book, sheet);
  write_info(book, sheet.info);
  return book.close();
}

Status render(const Workbook& workbook, const std::string& file) {
  Book book(file, workbook.generated_on);
  for (const Sheet& sheet : workbook.sheets)
    write_data(book, sheet);
  write_info(book, workbook.info);
  return book.close();
}

Status render(const Form& form, const std::string& file) {
  Book book(file, form.generated_on);
  lxw_worksheet* ws = book.add_sheet(form.sheet_name.empty() ? form.title : form.sheet_name);
  if (ws != nullptr) {
    book.check(worksheet_write_string(ws, 0, 0, form.title.c_str(), book.title()));
    book.check(worksheet_set_row(ws, 0, 20, nullptr));
    lxw_row_t r = 2;
    size_t label_width = 12;
    size_t value_width = 12;
    for (const auto& section : form.sections) {
      if (!section.title.empty()) {
        book.check(worksheet_write_string(ws, r, 0, section.title.c_str(), book.header()));
        book.check(worksheet_write_blank(ws, r, 1, book.header()));
        ++r;
      }
      label_width = std::max(label_width, Book::label_width(section.fields, &value_width));
      r = book.write_fields(ws, r, section.fields);
      ++r;  // a blank row between sections
    }
    book.check(worksheet_set_column(ws, 0, 0, column_width(label_width), nullptr));
    book.check(worksheet_set_column(ws, 1, 1, column_width(value_width), nullptr));
    worksheet_set_portrait(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 1);
  }
  return book.close();
}

// Renders into a fresh temporary file next to `path`, then renames it into place.
template <class Doc>
Status write_atomically(const Doc& doc, const std::string& path) {
  // A name of its own per process and call (libxlsxwriter creates the file,
  // with the usual permissions).
  static std::atomic<int> counter{0};
  const std::string tmp = fmt::format("{}.tmp.{}.{}", path, getpid(), ++counter);
  std::error_code ec;
  // libxlsxwriter would report a missing directory on stderr; say it here.
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot write: no such directory", path));
  if (auto st = render(doc, tmp); !st) {
    std::filesystem::remove(tmp, ec);
    return make_error(ErrorCode::kIo, fmt::format("{}: {}", path, st.error().message));
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot write: {}", path, ec.message()));
  }
  return {};
}

template <class Doc>
Result<std::string> bytes_of(const Doc& doc) {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return make_error(ErrorCode::kIo, "no temporary directory: " + ec.message());
  std::string tmp = (dir / "lap-xlsx-XXXXXX").string();
  const int fd = mkstemp(tmp.data());
  if (fd < 0) return make_error(ErrorCode::kIo, fmt::format("{}: cannot create", tmp));
  close(fd);
  auto st = render(doc, tmp);
  std::string bytes;
  if (st) {
    std::ifstream in(tmp, std::ios::binary);
    if (in.is_open()) {
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (!in.is_open() || in.bad()) {
      st = make_error(ErrorCode::kIo, fmt::format("{}: cannot read back", tmp));
    }
  }
  std::filesystem::remove(tmp, ec);
  if (!st) return std::unexpected(st.error());
  return bytes;
}

}  // namespace

Status write_xlsx(const Sheet& sheet, const std::string& path) {
  return write_atomically(sheet, path);
}
Status write_xlsx(const Form& form, const std::string& path) {
  return write_atomically(form, path);
}
Result<std::string> xlsx_bytes(const Sheet& sheet) {
  return bytes_of(sheet);
}
Result<std::string> xlsx_bytes(const Form& form) {
  return bytes_of(form);
}
Status write_xlsx(const Workbook& book, const std::string& path) {
  return write_atomically(book, path);
}
Result<std::string> xlsx_bytes(const Workbook& book) {
  return bytes_of(book);
}

}  // namespace lap::report
