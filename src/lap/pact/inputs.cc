#include "lap/pact/inputs.h"

namespace lap::pact {

std::string SourceRef::to_string() const {
  if (table) {
    return "import " + std::to_string(table->import_id) + " (" + table->file + ", SHA-256 " +
           table->sha256 + ")";
  }
  if (data) {
    std::string out = "data load " + std::to_string(data->load_id);
    if (data->link_run_id) out += ", link run " + std::to_string(*data->link_run_id);
    return out;
  }
  return "unknown";
}

}  // namespace lap::pact
