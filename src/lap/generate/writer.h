// Writes generated persons as a delivery directory in the exchange formats of
// docs/formats.md, streaming (one person at a time, buffered files).
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "lap/core/error.h"
#include "lap/generate/records.h"
#include "lap/generate/world.h"
#include "lap/geo/registry.h"

namespace lap::generate {

struct RowCounts {
  int64_t rmi_entitlements = 0;
  int64_t vdab_registrations = 0;
  int64_t work_spans = 0;
  int64_t activation_measures = 0;
  int64_t podmi_counts = 0;
  int64_t identifier_changes = 0;
  int64_t ground_truth = 0;
  int64_t bytes = 0;
};

class DeliveryWriter : public PersonSink {
 public:
  // Creates `dir` (and parents) and opens every file. Existing files of the
  // delivery are overwritten.
  static Result<std::unique_ptr<DeliveryWriter>> open(const std::string& dir, const World& world,
                                                      const geo::Registry& registry);
  ~DeliveryWriter() override;

  void add(const PersonRecords& person) override;
  // Writes the POD MI count table and closes the files.
  Result<RowCounts> finish();

 private:
  class File;
  DeliveryWriter(std::string dir, const World& world, const geo::Registry& registry);

  std::string dir_;
  const World& world_;
  const geo::Registry& registry_;
  std::unique_ptr<File> rmi_, vdab_, work_, measures_, changes_, truth_;
  RowCounts counts_;
  // (reference month index, NIS) -> persons with LL, ELL, of whom Ukrainian.
  std::map<std::pair<int, int>, std::array<int64_t, 3>> podmi_;
  std::vector<std::tuple<int, int, int>> scratch_;
};

}  // namespace lap::generate
