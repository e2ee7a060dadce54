#include "lap/link/normalise.h"

#include <gtest/gtest.h>

#include "lap/link/test_support.h"

namespace lap::link {
namespace {

using test_support::kToday;

TEST(FoldText, LowerCasesAndStripsDiacritics) {
  EXPECT_EQ(fold_text("Çelik"), "celik");
  EXPECT_EQ(fold_text("Zoë Müller"), "zoe muller");
  EXPECT_EQ(fold_text("Strauß"), "strauss");
  EXPECT_EQ(fold_text("Søren Ørsted"), "soren orsted");
  EXPECT_EQ(fold_text("Łukasz Wałęsa"), "lukasz walesa");
  EXPECT_EQ(fold_text("Ștefan Țurcanu"), "stefan turcanu");
  EXPECT_EQ(fold_text("Çağlar Yılmaz"), "caglar yilmaz");
  EXPECT_EQ(fold_text("Æsa Œuvre"), "aesa oeuvre");
}

TEST(FoldText, DecomposedAccentsFoldLikeComposedOnes) {
  EXPECT_EQ(fold_text("Jose\xCC\x81"), "jose");  // e + combining acute
}

TEST(FoldText, TransliteratesCyrillic) {
  EXPECT_EQ(fold_text("Олександр"), "oleksandr");
  EXPECT_EQ(fold_text("Шевченко"), "shevchenko");
  EXPECT_EQ(fold_text("Щербак Юлія"), "shcherbak iuliia");
  EXPECT_EQ(fold_text("Хмельницький"), "khmelnytskyi");
  // Russian text goes through the same (Ukrainian) table: г -> h, и -> y.
  EXPECT_EQ(fold_text("Сергей Ёлкин"), "serhei iolkyn");
}

TEST(FoldText, PunctuationSeparatesAndApostrophesJoin) {
  EXPECT_EQ(fold_text("Peeters-Janssens"), "peeters janssens");
  EXPECT_EQ(fold_text("D'Hondt"), "dhondt");
  EXPECT_EQ(fold_text("O’Brien"), "obrien");
  EXPECT_EQ(fold_text("  van  den Broeck, Jr. "), "van den broeck jr");
  EXPECT_EQ(fold_text(""), "");
  EXPECT_EQ(fold_text("\xFF\xFE"), "");  // invalid UTF-8 is a separator
}

TEST(NormaliseLastName, ParticlesSplitOff) {
  auto a = normalise_last_name("Van den Broeck");
  auto b = normalise_last_name("Vandenbroeck");
  auto c = normalise_last_name("VAN DEN BROECK");
  auto d = normalise_last_name("Broeck");
  EXPECT_EQ(a.joined, "vandenbroeck");
  EXPECT_EQ(a.joined, b.joined);
  EXPECT_EQ(a.joined, c.joined);
  EXPECT_EQ(a.core, "broeck");
  EXPECT_EQ(b.core, "broeck");  // fused particle split off
  EXPECT_EQ(d.core, "broeck");
  EXPECT_EQ(normalise_last_name("El Amrani").core, "amrani");
  EXPECT_EQ(normalise_last_name("El-Amrani").joined, "elamrani");
  EXPECT_EQ(normalise_last_name("de la Fontaine").core, "fontaine");
  EXPECT_EQ(normalise_last_name("Ben Ali").joined, normalise_last_name("Benali").joined);
}

TEST(NormaliseLastName, ShortOrNonDutchFusedPrefixesStay) {
  EXPECT_EQ(normalise_last_name("Devos").core, "devos");              // "vos": too short to split
  EXPECT_EQ(normalise_last_name("Desmet").core, "smet");              // De Smet
  EXPECT_EQ(normalise_last_name("Aleksandrov").core, "aleksandrov");  // "al" is not split
  EXPECT_EQ(normalise_last_name("Bennani").core, "bennani");
  EXPECT_EQ(normalise_last_name("De").core, "de");  // a lone particle is the name
  // Names that only look fused: a vowel after "de", or a non-Flemish ending.
  EXPECT_EQ(normalise_last_name("Deakin").core, "deakin");
  EXPECT_EQ(normalise_last_name("Demarco").core, "demarco");
  EXPECT_EQ(normalise_last_name("Deluca").core, "deluca");
  EXPECT_EQ(normalise_last_name("Demeyer").core, "meyer");   // De Meyer
  EXPECT_EQ(normalise_last_name("Vanacker").core, "acker");  // Van Acker
}

TEST(NormaliseLastName, DoubleNamesKeepWordBoundaries) {
  auto n = normalise_last_name("Peeters-Janssens");
  EXPECT_EQ(n.joined, "peetersjanssens");
  EXPECT_EQ(n.core, "peetersjanssens");
  EXPECT_EQ(n.word_ends, (uint64_t{1} << 6) | (uint64_t{1} << 14));
}

TEST(NormaliseFirstName, NoParticleHandling) {
  EXPECT_EQ(normalise_first_name("Ben").core, "ben");
  EXPECT_EQ(normalise_first_name("Denise").core, "denise");
  EXPECT_EQ(normalise_first_name("Jean-Pierre").joined, "jeanpierre");
}

TEST(TransliterationKey, UkrainianAndRussianSpellingsMeet) {
  auto key = [](std::string_view s) { return transliteration_key(fold_text(s)); };
  EXPECT_EQ(key("Oleksandr"), key("Aleksandr"));
  EXPECT_EQ(key("Oleksandr"), key("Olexandr"));
  EXPECT_EQ(key("Kovalenko"), key("Kowalenko"));
  EXPECT_EQ(key("Serhii"), key("Serhiy"));
  EXPECT_EQ(key("Serhii"), key("Sergiy"));
  EXPECT_EQ(key("Serhii"), key("Serhij"));
  EXPECT_EQ(key("Serhii"), key("Sergey"));  // -ey, g/h
  EXPECT_EQ(key("Andrii"), key("Andriy"));
  EXPECT_EQ(key("Dmitriy"), key("Dmitry"));        // -iy / -y
  EXPECT_EQ(key("Hnatiuk"), key("Gnatyuk"));       // h/g, iu/yu
  EXPECT_EQ(key("Yuliia"), key("Julija"));         // yu/ju, ia/ja
  EXPECT_EQ(key("Yana"), key("Iana"));             // ya/ia
  EXPECT_EQ(key("Yevhen"), key("Ievgen"));         // ye/ie
  EXPECT_EQ(key("Kharchenko"), key("Harchenko"));  // kh/h
  EXPECT_EQ(key("Hrytsenko"), key("Hrycenko"));    // ts/c
  EXPECT_EQ(key("Polishchuk"), key("Polischuk"));  // shch/sch
  EXPECT_EQ(key("Shevchenko"), key("Szewczenko"));
  EXPECT_EQ(key("Shevchenko"), key("Schewtschenko"));
  EXPECT_EQ(key("Shevchenko"), key("Chevtchenko"));
  EXPECT_EQ(key("Shevchenko"), key("Sjevtsjenko"));
  EXPECT_EQ(key("Zhanna"), key("Zanna"));  // zh/z
  EXPECT_EQ(key("Lysenko"), key("Lyssenko"));
  EXPECT_EQ(key("Bondarenko"), key("Bondarienko"));
  EXPECT_EQ(key("Roudenko"), key("Rudenko"));
  EXPECT_EQ(key("Олександр"), key("Oleksandr"));
  EXPECT_NE(key("Kovalenko"), key("Bondarenko"));
  EXPECT_NE(key("Peeters"), key("Janssens"));
}

TEST(PartialDate, ParsesUnknownParts) {
  EXPECT_EQ(parse_partial_date("1985-03-07"), (PartialDate{1985, 3, 7}));
  EXPECT_EQ(parse_partial_date("1985-03-00"), (PartialDate{1985, 3, 0}));
  EXPECT_EQ(parse_partial_date("1985-00-00"), (PartialDate{1985, 0, 0}));
  EXPECT_EQ(parse_partial_date(""), PartialDate{});
  EXPECT_FALSE(parse_partial_date("1985-00-07"));  // a day without a month
  EXPECT_FALSE(parse_partial_date("1985-02-30"));
  EXPECT_FALSE(parse_partial_date("07/03/1985"));
  EXPECT_TRUE((PartialDate{1985, 3, 0}).missing() == false);
  EXPECT_FALSE((PartialDate{1985, 3, 0}).complete());
  EXPECT_EQ((PartialDate{1985, 3, 0}).packed(), 19850300);
}

TEST(NormaliseInsz, ValidInvalidAndMissing) {
  auto valid = normalise_insz("85.07.30-033.28", kToday);
  EXPECT_TRUE(valid.is_valid());
  EXPECT_EQ(valid.digits, 85073003328ULL);
  EXPECT_EQ(insz_birth_date(*valid.valid), (PartialDate{1985, 7, 30}));
  auto typo = normalise_insz("85073003329", kToday);  // check digits fail
  EXPECT_FALSE(typo.is_valid());
  EXPECT_EQ(typo.digits, 85073003329ULL);
  EXPECT_TRUE(normalise_insz("", kToday).missing());
  EXPECT_TRUE(normalise_insz("8507300336", kToday).missing());
}

TEST(NormaliseInsz, BisNumberWithUnknownDay) {
  auto bis = Insz::from_parts(InszKind::kBis, 1990, 5, 0, 12, false, kToday);
  ASSERT_TRUE(bis);
  auto n = normalise_insz(bis->digits(), kToday);
  ASSERT_TRUE(n.is_valid());
  EXPECT_TRUE(n.is_bis());
  EXPECT_EQ(insz_birth_date(*n.valid), (PartialDate{1990, 5, 0}));
}

TEST(NormaliseRecord, FallsBackOnTheInszForBirthDateAndSex) {
  RawIdentity raw{.insz = "85073003328",
                  .last_name = "Van den Broeck",
                  .first_name = "Zoë",
                  .birth_date = "",
                  .sex = Sex::kUnknown,
                  .postcode = 0};
  auto r = normalise_record(raw, kToday);
  EXPECT_EQ(r.birth, (PartialDate{1985, 7, 30}));
  EXPECT_EQ(r.sex, Sex::kMale);  // odd sequence 033
  EXPECT_EQ(r.first_name.joined, "zoe");
  raw.birth_date = "not a date";
  raw.insz = "";
  EXPECT_TRUE(normalise_record(raw, kToday).birth.missing());
}

}  // namespace
}  // namespace lap::link
