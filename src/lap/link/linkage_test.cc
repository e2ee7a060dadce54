#include "lap/link/linkage.h"

#include <gtest/gtest.h>

#include "lap/link/quality.h"
#include "lap/link/test_support.h"

namespace lap::link {
namespace {

const PseudonymKey kKey = [] {
  PseudonymKey k{};
  for (size_t i = 0; i < k.size(); ++i)
    k[i] = static_cast<uint8_t>(i * 7 + 1);
  return k;
}();

using test_support::Person;
using test_support::population;

IdentityText text(const Person& p, std::string_view insz_text) {
  return {.insz = insz_text,
          .last_name = p.last,
          .first_name = p.first,
          .birth_date = p.birth,
          .sex = p.sex,
          .postcode = p.postcode};
}

class LinkageTest : public ::testing::Test {
 protected:
  LinkageTest() : pseudonymiser_(kKey), people_(population(400)) {}

  LinkOptions options() const {
    LinkOptions o;
    o.today = *Date::from_ymd(2025, 1, 1);
    o.threads = 2;
    o.u_sample = 100'000;
    return o;
  }
  PersonRefBytes ref(const std::string& insz_text) const {
    return pseudonymiser_.person_ref_bytes(insz_text);
  }
  // OCMW records for people 0..199; VDAB clients 1000+i for people 0..299
  // with their own INSZ, except the cases the tests change.
  void add_all(Linker& l, const std::function<void(int, VdabRecord&, std::string&)>& tweak) {
    for (int i = 0; i < 200; ++i) {
      l.add(OcmwRecord{.person = ref(people_[i].insz),
                       .identity = text(people_[i], people_[i].insz)});
      truth_.add_person_ref(ref(people_[i].insz), static_cast<uint64_t>(i));
    }
    for (int i = 0; i < 300; ++i) {
      std::string number = people_[i].insz;
      VdabRecord v;
      v.row_id = 5000 + i;
      v.client_id = 1000 + static_cast<uint64_t>(i);
      tweak(i, v, number);
      if (v.identity.last_name.empty()) v.identity = text(people_[i], number);
      v.identity.insz = number;
      if (!v.person && !number.empty() && number == people_[i].insz) v.person = ref(number);
      l.add(v);
      truth_.add_client(v.client_id, static_cast<uint64_t>(i));
    }
  }
  static void run(Linker& l) {
    l.normalise();
    l.block();
    l.score();
    l.resolve();
  }
  std::optional<uint32_t> linked_to(const Linker& l, uint64_t client_id) const {
    auto c = l.client_of(client_id);
    for (const UnitLink& u : l.links()) {
      if (c && u.client == *c) return u.person;
    }
    return std::nullopt;
  }

  Pseudonymiser pseudonymiser_;
  std::vector<Person> people_;
  GroundTruth truth_;
};

TEST_F(LinkageTest, SameInszLinksDeterministically) {
  Linker l(options(), pseudonymiser_);
  add_all(l, [](int, VdabRecord&, std::string&) {});
  run(l);
  EXPECT_EQ(l.counts().links_deterministic, 200U);
  EXPECT_EQ(l.counts().links_probabilistic, 0U);
  EXPECT_EQ(l.counts().overrides, 0U);  // every registration already has its person
  QualityReport q = evaluate(l, truth_);
  EXPECT_DOUBLE_EQ(q.f1, 1.0);
}

TEST_F(LinkageTest, MissingAndMistypedInszAreLinkedByTheOtherFields) {
  std::vector<std::string> names;  // keeps the edited names alive during add
  names.reserve(300);
  Linker l(options(), pseudonymiser_);
  add_all(l, [&](int i, VdabRecord& v, std::string& number) {
    if (i == 3) number.clear();                            // INSZ missing
    if (i == 4) number[4] = number[4] == '9' ? '0' : '9';  // one digit wrong: invalid
    if (i == 14) {                                         // missing INSZ, Oleksandr transliterated
      number.clear();
      names.push_back("Aleksandr");
      v.identity = text(people_[i], number);
      v.identity.first_name = names.back();
    }
  });
  run(l);
  for (int i : {3, 4, 14}) {
    auto p = linked_to(l, 1000 + static_cast<uint64_t>(i));
    ASSERT_TRUE(p.has_value()) << i;
    EXPECT_EQ(l.person_ref(*p), ref(people_[i].insz)) << i;
  }
  // Their registrations are measured as the OCMW person.
  int found = 0;
  for (const RecordOverride& o : l.overrides()) {
    if (o.row_id == 5003 || o.row_id == 5004 || o.row_id == 5014) {
      EXPECT_EQ(o.person, ref(people_[static_cast<size_t>(o.row_id - 5000)].insz));
      ++found;
    }
  }
  EXPECT_EQ(found, 3);
  EXPECT_DOUBLE_EQ(evaluate(l, truth_).f1, 1.0);
}

TEST_F(LinkageTest, ClientsWithoutUsableInszGetAStableSurrogate) {
  Linker l(options(), pseudonymiser_);
  add_all(l, [](int i, VdabRecord&, std::string& number) {
    if (i == 250) number.clear();  // not an OCMW client
  });
  run(l);
  EXPECT_EQ(l.counts().surrogate_clients, 1U);
  ASSERT_EQ(l.overrides().size(), 1U);
  EXPECT_EQ(l.overrides()[0].row_id, 5250);
  EXPECT_EQ(l.overrides()[0].method, LinkMethod::kSurrogate);
  EXPECT_EQ(l.overrides()[0].person, pseudonymiser_.surrogate_ref_bytes(1250));
}

TEST_F(LinkageTest, StaleBisNumberIsTheSamePersonThroughTheIdentifierChange) {
  Linker l(options(), pseudonymiser_);
  const std::string bis = "85220100134";  // any other pseudonym stands for the old number
  l.add_identifier_change(ref(bis), ref(people_[7].insz));
  add_all(l, [&](int i, VdabRecord& v, std::string& number) {
    if (i == 7) {
      number = bis;
      v.person = ref(bis);
    }
  });
  run(l);
  auto p = linked_to(l, 1007);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(l.person_ref(*p), ref(people_[7].insz));
}

TEST_F(LinkageTest, APersonsPseudonymIsItsCurrentNumberWhateverTheRecordOrder) {
  // Person 7 holds an entitlement under a BIS number and one under the
  // national number that replaced it; in either order of the records the
  // person is known by the national number.
  const std::string bis = "85220100134";
  for (bool bis_first : {true, false}) {
    Linker l(options(), pseudonymiser_);
    l.add_identifier_change(ref(bis), ref(people_[7].insz));
    OcmwRecord old_record{.person = ref(bis), .identity = text(people_[7], bis)};
    if (bis_first) l.add(old_record);
    add_all(l, [](int, VdabRecord&, std::string&) {});
    if (!bis_first) l.add(old_record);
    run(l);
    auto p = l.person_of(ref(bis));
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p, l.person_of(ref(people_[7].insz)));
    EXPECT_EQ(l.person_ref(*p), ref(people_[7].insz)) << bis_first;
  }
}

TEST_F(LinkageTest, VdabClientsOfOnePersonWithoutAnOcmwRecordBecomeOnePerson) {
  // People 200..299 have no OCMW record. Person 250 is also client 2250 and
  // person 260 also client 2260, both times without an INSZ; person 270's
  // second client 2270 has no INSZ either, and neither has 1270.
  Linker l(options(), pseudonymiser_);
  add_all(l, [](int i, VdabRecord&, std::string& number) {
    if (i == 270) number.clear();
  });
  for (int i : {250, 260, 270}) {
    VdabRecord v;
    v.row_id = 9000 + i;
    v.client_id = 2000 + static_cast<uint64_t>(i);
    v.identity = text(people_[static_cast<size_t>(i)], "");
    l.add(v);
  }
  run(l);
  EXPECT_GE(l.counts().clients_merged, 3U);
  auto person_of_row = [&](int64_t row) -> std::optional<PersonRefBytes> {
    for (const RecordOverride& o : l.overrides()) {
      if (o.row_id == row) return o.person;
    }
    return std::nullopt;
  };
  // The client without an INSZ is the person of the other client's INSZ.
  EXPECT_EQ(person_of_row(9250), ref(people_[250].insz));
  EXPECT_EQ(person_of_row(9260), ref(people_[260].insz));
  // Two clients without an INSZ share the surrogate of the smaller number.
  EXPECT_EQ(person_of_row(9270), pseudonymiser_.surrogate_ref_bytes(1270));
  EXPECT_EQ(person_of_row(5270), pseudonymiser_.surrogate_ref_bytes(1270));
  GroundTruth truth = truth_;
  for (int i : {250, 260, 270})
    truth.add_client(2000 + static_cast<uint64_t>(i), static_cast<uint64_t>(i));
  const QualityReport q = evaluate(l, truth);
  EXPECT_EQ(q.clients_merged, l.counts().clients_merged);
  EXPECT_EQ(q.clients_merged_wrongly, 0U);
}

TEST_F(LinkageTest, NamesakeWithAnotherValidInszIsNotLinked) {
  Linker l(options(), pseudonymiser_);
  // Client 1299 is person 299's namesake: person 10's names, birth date and
  // postcode, but a valid INSZ of their own.
  add_all(l, [&](int i, VdabRecord& v, std::string& number) {
    if (i == 299) {
      v.identity = text(people_[10], number);
    }
  });
  run(l);
  EXPECT_FALSE(linked_to(l, 1299).has_value());
  QualityReport q = evaluate(l, truth_);
  EXPECT_EQ(q.false_matches, 0U);
  EXPECT_EQ(q.guard_violations, 0U);
}

TEST_F(LinkageTest, ReviewerDecisionsOverrideTheWeights) {
  Linker l(options(), pseudonymiser_);
  l.add_decision(ref(people_[0].insz), 1000, false);  // keep apart despite the same INSZ
  l.add_decision(ref(people_[1].insz), 1250, true);   // link a pair never compared
  add_all(l, [](int, VdabRecord&, std::string&) {});
  run(l);
  EXPECT_FALSE(linked_to(l, 1000).has_value());
  auto p = linked_to(l, 1250);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(l.person_ref(*p), ref(people_[1].insz));
  EXPECT_EQ(l.counts().links_reviewed, 1U);
  EXPECT_EQ(l.counts().decisions_applied, 2U);
}

}  // namespace
}  // namespace lap::link

namespace lap::link {
namespace {

// Everything a run decides, as plain values to compare.
struct Outcome {
  std::vector<std::tuple<uint32_t, uint32_t, double, int>> links;
  std::vector<std::tuple<uint32_t, uint32_t, double, int>> review;
  std::vector<double> weights;  // of every field level
  double lambda = 0;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

class LinkageThreadsTest : public LinkageTest {
 protected:
  Outcome outcome(int threads) {
    LinkOptions o = options();
    o.threads = threads;
    Linker l(o, pseudonymiser_);
    add_all(l, [&](int i, VdabRecord&, std::string& number) {
      if (i % 5 == 0) number.clear();
      if (i % 7 == 0 && !number.empty()) number[4] = number[4] == '9' ? '0' : '9';
    });
    run(l);
    Outcome out;
    for (const UnitLink& u : l.links())
      out.links.emplace_back(u.person, u.client, u.weight, static_cast<int>(u.method));
    for (const ReviewItem& r : l.review())
      out.review.emplace_back(r.person, r.client, r.weight, static_cast<int>(r.reason));
    for (int f = 0; f < l.model().field_count(); ++f) {
      for (size_t v = 0; v < l.model().field(f).levels.size(); ++v)
        out.weights.push_back(l.model().level_weight(f, static_cast<int>(v)));
    }
    out.lambda = l.model().lambda();
    return out;
  }
};

TEST_F(LinkageThreadsTest, TheSameResultForAnyNumberOfThreads) {
  const Outcome one = outcome(1);
  EXPECT_FALSE(one.links.empty());
  EXPECT_EQ(one, outcome(2));
  EXPECT_EQ(one, outcome(3));
}

}  // namespace
}  // namespace lap::link
