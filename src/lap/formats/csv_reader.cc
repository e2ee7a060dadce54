#include "lap/formats/csv_reader.h"

#include <csv.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

namespace lap::formats {

int CsvRecord::column_of(size_t index) const {
  // Rescan the raw text: count separators outside quotes up to field `index`.
  size_t field = 0;
  int column = 1;
  bool quoted = false;
  for (size_t i = 0; i < raw.size() && field < index; ++i) {
    char c = raw[i];
    if (c == '"') quoted = !quoted;
    if (c == '\n') {
      column = 0;
    }
    ++column;
    if (!quoted && c == ';') ++field;
  }
  return column;
}

namespace {

int no_space(unsigned char) {
  return 0;
}
int is_term(unsigned char c) {
  return c == '\n' || c == '\r';
}

}  // namespace

// One parse of one input: owns the libcsv parser and the record being built.
class CsvReader::Parse {
 public:
  Parse(char separator, std::string_view name, const CsvRecordFn& fn) : name_(name), fn_(fn) {
    csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_delim(&parser_, static_cast<unsigned char>(separator));
    csv_set_space_func(&parser_, no_space);
    csv_set_term_func(&parser_, is_term);
  }
  ~Parse() { csv_free(&parser_); }
  Parse(const Parse&) = delete;
  Parse& operator=(const Parse&) = delete;

  // Feeds one physical line (with its '\n' when present).
  Status feed_line(std::string_view line) {
    ++line_no_;
    if (line_no_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (!mid_record_) {
      record_start_ = line_no_;
      raw_.clear();
    }
    ended_ = false;
    raw_.append(line);
    size_t used = csv_parse(&parser_, line.data(), line.size(), on_field, on_record_end, this);
    if (lone_cr_) return lone_cr_error(line);
    if (used != line.size()) return syntax_error(line, used);
    mid_record_ = !ended_ && line.find_first_not_of("\r\n") != std::string_view::npos;
    return {};
  }

  Status finish() {
    const int unclosed = csv_fini(&parser_, on_field, on_record_end, this);
    if (lone_cr_) {
      std::string_view last(raw_);
      return lone_cr_error(last.substr(last.rfind('\n') + 1));
    }
    if (unclosed != 0) {
      return make_error(
          ErrorCode::kInvalidArgument,
          fmt::format("{}:{}:{}: quoted field is not closed before the end of the file", name_,
                      record_start_, 1));
    }
    return {};
  }

  bool stopped() const { return stopped_; }

 private:
  Status syntax_error(std::string_view line, size_t used) {
    // libcsv stops at the offending character; point at the quote that broke strict mode.
    size_t col = used + 1;
    size_t quote = line.find('"');
    if (quote != std::string_view::npos && quote + 1 <= used + 1) col = quote + 1;
    return make_error(
        ErrorCode::kInvalidArgument,
        fmt::format("{}:{}:{}: malformed CSV quoting (a '\"' inside an unquoted field, "
                    "or text after a closing quote)",
                    name_, line_no_, col));
  }

  // libcsv ends a record at a lone CR, but lines end with LF or CRLF only
  // (docs/formats.md): a record that starts after one on the same line would
  // be located at the previous record's line and columns.
  Status lone_cr_error(std::string_view line) const {
    size_t col = 1;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\r' && (i + 1 == line.size() || line[i + 1] != '\n')) {
        col = i + 1;
        break;
      }
    }
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}:{}:{}: a line ends with LF or CRLF, not with a lone CR",
                                  name_, line_no_, col));
  }

  static void on_field(void* s, size_t len, void* self_ptr) {
    auto* self = static_cast<Parse*>(self_ptr);
    if (self->stopped_ || self->lone_cr_) return;
    if (!self->in_record_ && self->ended_) {
      // A record ended earlier on this physical line: at a lone CR.
      self->lone_cr_ = true;
      return;
    }
    if (!self->in_record_) {
      self->in_record_ = true;
      self->record_line_ = self->record_start_;
      self->buf_.clear();
      self->offsets_.clear();
    }
    self->offsets_.emplace_back(self->buf_.size(), len);
    self->buf_.append(static_cast<const char*>(s), len);
  }

  static void on_record_end(int, void* self_ptr) {
    auto* self = static_cast<Parse*>(self_ptr);
    self->ended_ = true;
    if (self->stopped_ || self->lone_cr_ || !self->in_record_) return;
    self->in_record_ = false;
    self->views_.clear();
    for (auto [off, len] : self->offsets_)
      self->views_.emplace_back(self->buf_.data() + off, len);
    CsvRecord rec{self->views_, self->record_line_, self->raw_};
    if (!self->fn_(rec)) self->stopped_ = true;
  }

  std::string_view name_;
  const CsvRecordFn& fn_;
  csv_parser parser_{};
  int64_t line_no_ = 0;
  int64_t record_line_ = 0;
  int64_t record_start_ = 1;
  bool in_record_ = false;
  bool mid_record_ = false;
  bool ended_ = false;
  bool stopped_ = false;
  bool lone_cr_ = false;
  std::string buf_;
  std::string raw_;
  std::vector<std::pair<size_t, size_t>> offsets_;
  std::vector<std::string_view> views_;
};

CsvReader::CsvReader(char separator) : separator_(separator) {}

Status CsvReader::read_string(std::string_view text, std::string_view name,
                              const CsvRecordFn& on_record) {
  Parse parse(separator_, name, on_record);
  size_t pos = 0;
  while (pos < text.size() && !parse.stopped()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    if (auto s = parse.feed_line(text.substr(pos, end - pos)); !s) return s;
    pos = end;
  }
  if (parse.stopped()) return {};
  return parse.finish();
}

Status CsvReader::read_file(const std::string& path, const CsvRecordFn& on_record) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) {
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot open file", path));
  }
  Parse parse(separator_, path, on_record);
  std::string chunk(1 << 20, '\0');
  std::string carry;
  while (std::feof(f.get()) == 0 && std::ferror(f.get()) == 0) {
    size_t n = std::fread(chunk.data(), 1, chunk.size(), f.get());
    if (n == 0) break;
    std::string_view data(chunk.data(), n);
    size_t pos = 0;
    while (pos < data.size()) {
      size_t nl = data.find('\n', pos);
      if (nl == std::string_view::npos) {
        carry.append(data.substr(pos));
        break;
      }
      std::string_view piece = data.substr(pos, nl + 1 - pos);
      Status s;
      if (!carry.empty()) {
        carry.append(piece);
        s = parse.feed_line(carry);
        carry.clear();
      } else {
        s = parse.feed_line(piece);
      }
      if (!s) return s;
      if (parse.stopped()) return {};
      pos = nl + 1;
    }
  }
  if (std::ferror(f.get())) return make_error(ErrorCode::kIo, fmt::format("{}: read error", path));
  if (!carry.empty()) {
    if (auto s = parse.feed_line(carry); !s) return s;
  }
  if (parse.stopped()) return {};
  return parse.finish();
}

std::string csv_escape(std::string_view field, char separator) {
  if (field.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string_view::npos) {
    return std::string(field);
  }
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string csv_text(std::string_view text, char separator) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    return csv_escape("'" + std::string(text), separator);
  }
  return csv_escape(text, separator);
}

}  // namespace lap::formats
