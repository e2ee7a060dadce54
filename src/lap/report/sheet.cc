#include "lap/report/sheet.h"

#include <algorithm>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "lap/core/overloaded.h"
#include "lap/formats/csv_reader.h"

namespace lap::report {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kEol = "\r\n";

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

std::string json_key(const std::string& key, CellType type) {
  return type == CellType::kMoney ? key + "_cents" : key;
}

nlohmann::json cell_json(const Cell& cell) {
  return std::visit(Overloaded{
                        [](std::monostate) { return nlohmann::json(nullptr); },
                        [](const std::string& s) { return nlohmann::json(s); },
                        [](const Coded& c) { return nlohmann::json(c.code); },
                        [](int64_t v) { return nlohmann::json(v); },
                        [](Money m) { return nlohmann::json(m.cents()); },
                        [](const pact::Rate& r) { return nlohmann::json(r.to_decimal_string()); },
                        [](bool b) { return nlohmann::json(b); },
                        [](Date d) { return nlohmann::json(d.to_string()); },
                        [](const std::vector<std::string>& v) { return nlohmann::json(v); },
                    },
                    cell);
}

nlohmann::json fields_json(const std::vector<Field>& fields) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& f : fields)
    out[json_key(f.key, f.type)] = cell_json(f.value);
  return out;
}

}  // namespace

bool cell_fits(CellType type, const Cell& cell) {
  if (std::holds_alternative<std::monostate>(cell)) return true;
  switch (type) {
    case CellType::kText:
      return std::holds_alternative<std::string>(cell) || std::holds_alternative<Coded>(cell);
    case CellType::kInteger:
      return std::holds_alternative<int64_t>(cell);
    case CellType::kMoney:
      return std::holds_alternative<Money>(cell);
    case CellType::kPercent:
      return std::holds_alternative<pact::Rate>(cell);
    case CellType::kYesNo:
      return std::holds_alternative<bool>(cell);
    case CellType::kDate:
      return std::holds_alternative<Date>(cell);
    case CellType::kList:
      return std::holds_alternative<std::vector<std::string>>(cell);
  }
  return false;
}

std::string cell_text_nl(const Cell& cell) {
  auto comma = [](std::string s) {
    std::ranges::replace(s, '.', ',');
    return s;
  };
  return std::visit(Overloaded{
                        [](std::monostate) { return std::string(); },
                        [](const std::string& s) { return s; },
                        [](const Coded& c) { return c.text; },
                        [](int64_t v) { return std::to_string(v); },
                        [&](Money m) { return comma(m.to_string()); },
                        [&](const pact::Rate& r) { return comma(r.to_decimal_string()); },
                        [](bool b) { return std::string(b ? "ja" : "nee"); },
                        [](Date d) { return d.to_string(); },
                        [](const std::vector<std::string>& v) { return join(v); },
                    },
                    cell);
}

namespace {

// A cell as CSV: texts neutralised against formulas, numbers as they are.
std::string csv_cell(const Cell& cell) {
  const bool text = std::holds_alternative<std::string>(cell) ||
                    std::holds_alternative<Coded>(cell) ||
                    std::holds_alternative<std::vector<std::string>>(cell);
  return text ? formats::csv_text(cell_text_nl(cell)) : formats::csv_escape(cell_text_nl(cell));
}

}  // namespace

std::string sheet_csv(const Sheet& sheet) {
  std::string out(kBom);
  for (size_t c = 0; c < sheet.columns.size(); ++c) {
    if (c > 0) out += ';';
    out += formats::csv_text(sheet.columns[c].heading);
  }
  out += kEol;
  for (const auto& row : sheet.rows) {
    for (size_t c = 0; c < sheet.columns.size(); ++c) {
      if (c > 0) out += ';';
      if (c < row.size()) out += csv_cell(row[c]);
    }
    out += kEol;
  }
  return out;
}

std::string form_csv(const Form& form) {
  std::string out(kBom);
  out += "Omschrijving;Waarde";
  out += kEol;
  out += formats::csv_text(form.title);
  out += ';';
  out += kEol;
  for (const auto& section : form.sections) {
    if (!section.title.empty()) {
      out += formats::csv_text(section.title);
      out += ';';
      out += kEol;
    }
    for (const auto& f : section.fields) {
      out += formats::csv_text(f.label);
      out += ';';
      out += csv_cell(f.value);
      out += kEol;
    }
  }
  return out;
}

std::string sheet_json(const Sheet& sheet) {
  nlohmann::json j;
  j["document"] = sheet.id;
  j["info"] = fields_json(sheet.info);
  auto& rows = j["rows"] = nlohmann::json::array();
  for (const auto& row : sheet.rows) {
    nlohmann::json x = nlohmann::json::object();
    for (size_t c = 0; c < sheet.columns.size(); ++c) {
      const auto& col = sheet.columns[c];
      x[json_key(col.key, col.type)] = c < row.size() ? cell_json(row[c]) : nlohmann::json();
    }
    rows.push_back(std::move(x));
  }
  return j.dump(1) + "\n";
}

std::string form_json(const Form& form) {
  nlohmann::json j;
  j["document"] = form.id;
  j["title"] = form.title;
  std::vector<Field> all;
  for (const auto& s : form.sections)
    all.insert(all.end(), s.fields.begin(), s.fields.end());
  j["fields"] = fields_json(all);
  return j.dump(1) + "\n";
}

}  // namespace lap::report
