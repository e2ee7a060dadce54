// Passes facts read from a store or a delivery (store::FactSink) on to a
// measure::TimelineBuilder.
#pragma once

#include "lap/measure/timeline.h"
#include "lap/store/store.h"

namespace lap::ingest {

class TimelineSink final : public store::FactSink {
 public:
  explicit TimelineSink(measure::TimelineBuilder& builder) : builder_(builder) {}
  void add(const measure::EntitlementFact& f) override { builder_.add(f); }
  void add(const measure::RegistrationFact& f) override { builder_.add(f); }
  void add(const measure::WorkFact& f) override { builder_.add(f); }
  void add(const measure::MeasureFact& f) override { builder_.add(f); }
  void add(const measure::IdentifierChangeFact& f) override { builder_.add(f); }

 private:
  measure::TimelineBuilder& builder_;
};

}  // namespace lap::ingest
