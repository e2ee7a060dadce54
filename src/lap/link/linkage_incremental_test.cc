// Incremental linking (Linker::set_base): linking only what changed since a
// base run decides every client as linking everything with the base's model.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "lap/link/linkage.h"
#include "lap/link/test_support.h"

namespace lap::link {
namespace {

using test_support::Person;
using test_support::population;

const PseudonymKey kIncrementalKey = [] {
  PseudonymKey k{};
  for (size_t i = 0; i < k.size(); ++i)
    k[i] = static_cast<uint8_t>(i * 11 + 3);
  return k;
}();

// Which load a record belongs to, and what became of it.
struct Load {
  int ocmw_people = 200;    // OCMW records for people [0, n)
  int vdab_people = 300;    // clients 1000 + i for people [0, n)
  int moved_client = -1;    // a client with a second registration at a new postcode
  int dropped_person = -1;  // an OCMW person whose records were retired
};

class IncrementalLinkTest : public ::testing::Test {
 protected:
  IncrementalLinkTest() : pseudonymiser_(kIncrementalKey), people_(population(400)) {
    names_.reserve(1000);
  }

  LinkOptions options() const {
    LinkOptions o;
    o.today = *Date::from_ymd(2025, 1, 1);
    o.threads = 2;
    o.u_sample = 100'000;
    return o;
  }
  PersonRefBytes ref(int i) const { return pseudonymiser_.person_ref_bytes(people_[i].insz); }

  // The records of `load`; those that `base` did not have are fresh (all of
  // them with `all_fresh`).
  void add(Linker& l, const Load& load, const Load* base, bool all_fresh = false) {
    for (int i = 0; i < load.ocmw_people; ++i) {
      if (i == load.dropped_person) continue;
      const Person& p = people_[i];
      l.add(OcmwRecord{.person = ref(i),
                       .identity = {.insz = p.insz,
                                    .last_name = p.last,
                                    .first_name = p.first,
                                    .birth_date = p.birth,
                                    .sex = p.sex,
                                    .postcode = p.postcode},
                       .fresh = all_fresh || !base || i >= base->ocmw_people});
    }
    for (int i = 0; i < load.vdab_people; ++i) {
      const bool fresh = all_fresh || !base || i >= base->vdab_people;
      add_registration(l, i, 5000 + i, people_[i].postcode, fresh);
      if (i == load.moved_client) {
        add_registration(l, i, 9000 + i, 1000, all_fresh || !base || base->moved_client != i);
      }
    }
    if (base && base->dropped_person != load.dropped_person && load.dropped_person >= 0) {
      l.add_changed_person(ref(load.dropped_person));
    }
  }
  // Client 1000 + i: every third without an INSZ, every fifth with a
  // misspelt given name, so links need the weights.
  void add_registration(Linker& l, int i, int64_t row, int postcode, bool fresh) {
    const Person& p = people_[i];
    VdabRecord v;
    v.row_id = row;
    v.client_id = 1000 + static_cast<uint64_t>(i);
    const bool no_insz = i % 3 == 0;
    if (!no_insz) v.person = ref(i);
    names_.push_back(i % 5 == 0 ? p.first + "e" : p.first);
    v.identity = {.insz = no_insz ? std::string_view() : std::string_view(p.insz),
                  .last_name = p.last,
                  .first_name = names_.back(),
                  .birth_date = p.birth,
                  .sex = p.sex,
                  .postcode = postcode};
    v.fresh = fresh;
    l.add(v);
  }

  static void run(Linker& l) {
    l.normalise();
    l.block();
    l.score();
    l.resolve();
  }

  // A linker's decisions in a form that does not depend on indices.
  using Decision = std::tuple<std::string, uint64_t, std::string, double>;
  std::vector<Decision> links(const Linker& l) const {
    std::vector<Decision> out;
    for (const UnitLink& u : l.links()) {
      out.emplace_back(pseudonym_hex(l.person_ref(u.person)), l.client_id(u.client),
                       std::string(link_method_name(u.method)), u.weight);
    }
    for (const ReviewItem& r : l.review()) {
      out.emplace_back(pseudonym_hex(l.person_ref(r.person)), l.client_id(r.client),
                       std::string(review_reason_name(r.reason)), r.weight);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::vector<std::tuple<int64_t, std::string, std::string>> overrides(const Linker& l) {
    std::vector<std::tuple<int64_t, std::string, std::string>> out;
    for (const RecordOverride& o : l.overrides()) {
      out.emplace_back(o.row_id, pseudonym_hex(o.person), std::string(link_method_name(o.method)));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static LinkBase base_of(const Linker& l, bool with_units = true) {
    LinkBase b;
    b.model = l.model();
    b.match_share = l.match_share();
    if (with_units) b.units = l.unit_refs();
    return b;
  }

  Pseudonymiser pseudonymiser_;
  std::vector<Person> people_;
  std::vector<std::string> names_;  // the given names the records point to
};

TEST_F(IncrementalLinkTest, ANewLoadLinkedIncrementallyDecidesAsLinkingEverything) {
  const Load first;
  Linker full(options(), pseudonymiser_);
  add(full, first, nullptr);
  run(full);
  ASSERT_GT(full.counts().links_probabilistic, 20U);

  // The next load: new OCMW persons and clients, a client with a new address,
  // an OCMW person gone.
  const Load second{.ocmw_people = 250, .vdab_people = 350, .moved_client = 7, .dropped_person = 4};
  Linker incremental(options(), pseudonymiser_);
  incremental.set_base(base_of(full));
  add(incremental, second, &first);
  run(incremental);

  // The reference: every record changed, the same model.
  Linker everything(options(), pseudonymiser_);
  everything.set_base(base_of(full, false));
  add(everything, second, &first, true);
  run(everything);

  EXPECT_EQ(links(incremental), links(everything));
  EXPECT_EQ(overrides(incremental), overrides(everything));
  EXPECT_EQ(incremental.counts().changed_persons, 50U);       // the new ones (person 4 is gone)
  EXPECT_EQ(incremental.counts().changed_clients, 50U + 1U);  // the new ones and client 1007
  EXPECT_GT(incremental.counts().carried_units, 150U);
  EXPECT_LT(incremental.counts().pairs_compared, everything.counts().pairs_compared);
  // The dropped person's client is linked no more; a new person's client is.
  EXPECT_FALSE(
      std::any_of(incremental.links().begin(), incremental.links().end(),
                  [&](const UnitLink& u) { return incremental.client_id(u.client) == 1004; }));
  EXPECT_TRUE(
      std::any_of(incremental.links().begin(), incremental.links().end(),
                  [&](const UnitLink& u) { return incremental.client_id(u.client) == 1243; }));
}

TEST_F(IncrementalLinkTest, TheSameLoadAgainComparesOnlyTheBasePairsAndDecidesTheSame) {
  const Load load;
  Linker full(options(), pseudonymiser_);
  add(full, load, nullptr);
  run(full);
  Linker again(options(), pseudonymiser_);
  again.set_base(base_of(full));
  add(again, load, &load);
  run(again);
  EXPECT_EQ(links(again), links(full));
  EXPECT_EQ(overrides(again), overrides(full));
  EXPECT_EQ(again.counts().changed_persons, 0U);
  EXPECT_EQ(again.counts().changed_clients, 0U);
  EXPECT_EQ(again.counts().carried_units, full.unit_refs().size());
  EXPECT_LT(again.counts().pairs_compared, full.counts().pairs_compared);
}

TEST_F(IncrementalLinkTest, AFreshIdentifierChangeMakesItsPersonsChanged) {
  const Load load;
  Linker full(options(), pseudonymiser_);
  add(full, load, nullptr);
  run(full);
  Linker next(options(), pseudonymiser_);
  next.set_base(base_of(full));
  // Person 2's number replaces person 3's (as a BIS number would be).
  next.add_identifier_change(ref(3), ref(2), true);
  add(next, load, &load);
  run(next);
  EXPECT_EQ(next.counts().changed_persons, 1U);  // 2 and 3 are one person now
  EXPECT_EQ(next.counts().changed_clients, 1U);  // client 1002 holds person 2's number
}

}  // namespace
}  // namespace lap::link
