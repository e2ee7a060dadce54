// Typed tables for downloadable files, rendered to Belgian CSV, JSON and XLSX
// (xlsx.h) from one description, so the formats cannot disagree.
//
// A `Sheet` is a data table (one heading row, one row per record) with an
// info block (`Field`s: call, parameter version, data source, totals, ...).
// A `Form` is a document laid out as labelled values (a payment statement).
//
// Cell types and how each format writes them:
//
//   type       cell value        CSV            XLSX                        JSON
//   kText      string / Coded    text           text                        string (Coded: code)
//   kInteger   int64_t           `1234`         number `0`                  integer
//   kMoney     Money             `1234,56`      number `[$€-813] #,##0.00`  integer `<key>_cents`
//   kPercent   pact::Rate        `22,5`         number 0.225 `0.0%`         string `"22.5"`
//   kYesNo     bool              `ja` / `nee`   text `ja` / `nee`           boolean
//   kDate      Date              `2024-05-31`   date `dd/mm/yyyy`           string `"2024-05-31"`
//   kList      vector<string>    `a, b`         text `a, b`                 array of strings
//
// An empty cell (std::monostate) is empty in CSV and XLSX and null in JSON.
// The CSV has the data rows only (no info block, no totals), with a UTF-8 byte
// order mark, `;` separators, a decimal comma and CRLF line ends, like
// figures.h. Percentages are written with up to six decimals, exactly when
// possible (Rate::to_string).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/money.h"
#include "lap/pact/rate.h"

namespace lap::report {

enum class CellType { kText, kInteger, kMoney, kPercent, kYesNo, kDate, kList };

// Text shown to people with a machine code for JSON ("te betalen" / "payable").
struct Coded {
  std::string code;
  std::string text;
  bool operator==(const Coded&) const = default;
};

using Cell = std::variant<std::monostate, std::string, Coded, int64_t, Money, pact::Rate, bool,
                          Date, std::vector<std::string>>;

// True when `cell` is empty or holds a value of `type`.
bool cell_fits(CellType type, const Cell& cell);

struct Column {
  std::string heading;  // Dutch, shown in CSV and XLSX
  std::string key;      // English snake_case JSON key (kMoney: `_cents` is appended)
  CellType type = CellType::kText;
};

struct Field {
  std::string label;  // Dutch
  std::string key;    // English snake_case JSON key (kMoney: `_cents` is appended)
  CellType type = CellType::kText;
  Cell value;
};

struct Sheet {
  std::string id;     // JSON `document`, e.g. `werktabel`
  std::string title;  // the XLSX sheet name (at most 31 characters), e.g. `Werktabel`
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each as long as `columns`
  std::vector<Field> info;              // XLSX sheet `Toelichting`; JSON `info`
  Date generated_on;                    // document date (XLSX properties)
};

// Several data sheets in one workbook (XLSX only), with one `Toelichting`.
struct Workbook {
  std::vector<Sheet> sheets;  // their own `info` is not written
  std::vector<Field> info;
  Date generated_on;
};

struct FormSection {
  std::string title;  // empty: no heading
  std::vector<Field> fields;
};

struct Form {
  std::string id;          // JSON `document`, e.g. `payment_statement`
  std::string title;       // printed on top, e.g. `Betalingsoverzicht Lokaal Activeringspact`
  std::string sheet_name;  // the XLSX sheet name (at most 31 characters)
  std::vector<FormSection> sections;
  Date generated_on;
};

// The text of a cell as written in the CSV (unescaped), e.g. `41234,56`.
std::string cell_text_nl(const Cell& cell);

// The data rows as Belgian CSV (see above). Rows shorter than the columns are
// padded with empty cells.
std::string sheet_csv(const Sheet& sheet);
// `Omschrijving;Waarde` rows: the form's title, then every field (section
// titles as a row with an empty value).
std::string form_csv(const Form& form);

// {"document": id, "info": {key: value, ...}, "rows": [{key: value, ...}, ...]}
std::string sheet_json(const Sheet& sheet);
// {"document": id, "title": title, "fields": {key: value, ...}}
std::string form_json(const Form& form);

}  // namespace lap::report
