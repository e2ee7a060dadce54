#include "lap/server/api/json_input.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>

namespace lap::server::api {

bool nesting_within(std::string_view body, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

nlohmann::json parse_body(std::string_view body) {
  if (!nesting_within(body)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(body, nullptr, false);
}

JsonInput::JsonInput(std::string_view body) {
  if (!nesting_within(body)) {
    root_ = nlohmann::json::object();
    problem("",
            fmt::format("the body nests arrays and objects deeper than {} levels", kMaxJsonDepth));
    return;
  }
  root_ = nlohmann::json::parse(body, nullptr, false);
  if (root_.is_discarded()) {
    root_ = nlohmann::json::object();
    problem("", "the body must be a JSON document");
  } else if (!root_.is_object()) {
    root_ = nlohmann::json::object();
    problem("", "the body must be a JSON object");
  }
}

void JsonInput::problem(std::string pointer, std::string rule) {
  problems_.push_back({std::move(pointer), std::move(rule)});
}

namespace {

// The Dutch label of a request field, by its key (the forms' labels).
std::string_view field_label(std::string_view key) {
  static const std::map<std::string_view, std::string_view> kLabels = {
      {"actions", "Acties"},
      {"advance", "Voorschot"},
      {"advance_paid_cents", "Betaald voorschot"},
      {"agreement", "Samenwerkingsovereenkomst"},
      {"agreement_id", "Samenwerkingsovereenkomst uit het register"},
      {"agreement_ref", "Samenwerkingsovereenkomst"},
      {"amount_per_outflow_cents", "Bedrag per extra uitstroom"},
      {"answer", "Antwoord"},
      {"applicant", "Aanvrager"},
      {"application_deadline", "Uiterste indiendatum"},
      {"area", "Gebied"},
      {"budget_cents", "Budget"},
      {"code", "Nummer"},
      {"concluded_on", "Afgesloten op"},
      {"consent", "Instemming"},
      {"consortia_allowed", "Samenwerkingsverbanden toegelaten"},
      {"consortium", "Samenwerkingsverband"},
      {"consortium_name", "Naam van het samenwerkingsverband"},
      {"consortium_settlement", "Afrekening van het samenwerkingsverband"},
      {"consultation", "Zitdagen van VDAB"},
      {"counts_on", "Telt op"},
      {"decision", "Beslissing"},
      {"description", "Omschrijving"},
      {"domain", "Actiedomein"},
      {"due_date", "Vervaldatum"},
      {"email", "E-mailadres"},
      {"ends_on", "Einde van de looptijd"},
      {"engagement", "Engagement"},
      {"expected_on", "Verwacht afgesloten op"},
      {"frequency", "Frequentie"},
      {"from", "Van"},
      {"granted_on", "Toegekend op"},
      {"id", "Code"},
      {"indicators", "Indicatoren"},
      {"kind", "Soort"},
      {"lead", "Trekker"},
      {"members", "Leden"},
      {"municipality", "Gemeente"},
      {"name", "Naam"},
      {"nis", "NIS-code"},
      {"note", "Opmerking"},
      {"owner", "Verantwoordelijke"},
      {"participants", "Deelnemers"},
      {"parties", "Partijen"},
      {"partners", "Partners"},
      {"password", "Wachtwoord"},
      {"period_end", "Einde van de projectperiode"},
      {"period_start", "Begin van de projectperiode"},
      {"person", "Persoon"},
      {"phone", "Telefoon"},
      {"place", "Plaats"},
      {"plan", "Plan"},
      {"purpose", "Doel van de raadpleging"},
      {"reason", "Reden"},
      {"redistribution_cap", "Bovengrens bij herverdeling"},
      {"review_date", "Evaluatiedatum"},
      {"role", "Rol"},
      {"row_version", "Versie"},
      {"scope", "Soort overeenkomst"},
      {"settlement_rule", "Afrekeningsregel"},
      {"starts_on", "Begin van de looptijd"},
      {"status", "Status"},
      {"steering_group", "Stuurgroep"},
      {"theme", "Thema"},
      {"threshold", "Drempel"},
      {"through", "Tot en met"},
      {"title", "Titel"},
      {"to", "Tot"},
      {"username", "Gebruikersnaam"},
      {"valid_from", "Geldig vanaf"},
      {"value", "Waarde"},
      {"weekday", "Weekdag"},
  };
  auto it = kLabels.find(key);
  return it == kLabels.end() ? key : it->second;
}

// The rules without a number or code in them, word for word; nullopt for any other.
std::optional<std::string_view> fixed_rule(std::string_view rule) {
  static const std::map<std::string_view, std::string_view> kRules = {
      {"is required", "is verplicht"},
      {"must be a string", "moet een tekst zijn"},
      {"must be an integer", "moet een geheel getal zijn"},
      {"is out of range", "is te groot of te klein"},
      {"must be true or false", "moet ja of nee zijn"},
      {"must be a date YYYY-MM-DD", "moet een datum zijn (JJJJ-MM-DD)"},
      {"must be a month YYYY-MM", "moet een maand zijn (JJJJ-MM)"},
      {"must be a percentage as a decimal string, e.g. \"22.5\"",
       "moet een percentage zijn, bijvoorbeeld 22.5"},
      {"must be a NIS code of 5 digits", "moet een NIS-code van 5 cijfers zijn"},
      {"must be an array of strings", "moet een lijst van teksten zijn"},
      {"must be an array", "moet een lijst zijn"},
      {"must be an object", "moet een object zijn"},
      {"must be an e-mail address", "moet een e-mailadres zijn"},
      {"must be a Flemish municipality", "moet een Vlaamse gemeente zijn"},
      {"must be an object with name, phone and email",
       "moet een naam, een telefoonnummer en een e-mailadres hebben"},
      {"must be after today and at most a year later",
       "moet na vandaag liggen en hoogstens een jaar later"},
      {"must be after granted_on and at most a year later",
       "moet na de toekenning liggen en hoogstens een jaar later"},
      {"is required when the handover is declined", "is verplicht als u de overdracht weigert"},
      {"is required for this role", "is verplicht voor deze rol"},
      {"must be null for this role", "moet leeg zijn voor deze rol"},
      {"must be one of the roles of docs/api.md", "moet een van de rollen zijn"},
      {"must be one of the action kinds of docs/api.md", "moet een van de soorten acties zijn"},
      {"must change role, municipality, email or disabled",
       "moet de rol, de gemeente, het e-mailadres of de blokkering wijzigen"},
      {"must be 2 to 64 of a-z, 0-9, '.', '_' and '-'",
       "moet 2 tot 64 tekens lang zijn, alleen a-z, 0-9, '.', '_' en '-'"},
      {"a single municipality has one member; name a consortium",
       "een gemeente alleen heeft één lid; een samenwerkingsverband heeft een naam"},
      {"a citizen's account is tied to an INSZ: lap user add --insz",
       "een account van een burger hoort bij een INSZ: lap user add --insz"},
      {"must be a non-empty array of {\"nis\", \"engagement\"}",
       "moet minstens één gemeente met haar NIS-code en engagement bevatten"},
      {"must be an object {\"nis\", \"engagement\"}",
       "moet een gemeente met haar NIS-code en engagement zijn"},
      {"must be \"all\" or an array of NIS codes", "moet \"all\" of een lijst van NIS-codes zijn"},
      {"the body must be a JSON document", "de inhoud moet een JSON-document zijn"},
      {"the body must be a JSON object", "de inhoud moet een JSON-object zijn"},
      // The rules of an application (lap/pact/application.cc).
      {"must name at least one municipality", "moet minstens één gemeente noemen"},
      {"must not be empty", "mag niet leeg zijn"},
      {"a consortium needs an id that is not a NIS code",
       "een samenwerkingsverband heeft een code nodig die geen NIS-code is"},
      {"a single municipality applies for itself only; several municipalities apply as a "
       "consortium",
       "een gemeente alleen vraagt alleen voor zichzelf aan; meerdere gemeenten vragen samen aan "
       "als samenwerkingsverband"},
      {"must be the NIS code of the municipality", "moet de NIS-code van de gemeente zijn"},
      {"a plan of approach is required", "een plan van aanpak is verplicht"},
      {"at least one action is required", "minstens één actie is verplicht"},
      {"an action must not be empty", "een actie mag niet leeg zijn"},
      {"the cooperation agreement with VDAB is required",
       "de samenwerkingsovereenkomst met VDAB is verplicht"},
  };
  auto it = kRules.find(rule);
  if (it == kRules.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::string dutch_rule(std::string_view rule) {
  if (auto fixed = fixed_rule(rule)) return std::string(*fixed);
  // Rules with a number or a list of codes in them (no std::regex: GCC 12's
  // warns falsely under the sanitizers).
  const auto digits = [](std::string_view t) {
    return !t.empty() &&
           std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const auto code = [](std::string_view t) {
    return !t.empty() && std::all_of(t.begin(), t.end(),
                                     [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  };
  // `rule` as prefix + middle + suffix: the middle.
  const auto middle = [&](std::string_view prefix, std::string_view suffix) {
    if (rule.size() < prefix.size() + suffix.size() || !rule.starts_with(prefix) ||
        !rule.ends_with(suffix)) {
      return std::string_view();
    }
    return rule.substr(prefix.size(), rule.size() - prefix.size() - suffix.size());
  };
  // "N to M": {N, M}.
  const auto range =
      [&](std::string_view t) -> std::optional<std::pair<std::string_view, std::string_view>> {
    const size_t to = t.find(" to ");
    if (to == std::string_view::npos || !digits(t.substr(0, to)) || !digits(t.substr(to + 4)))
      return std::nullopt;
    return std::pair(t.substr(0, to), t.substr(to + 4));
  };
  if (auto n = middle("must be at most ", " bytes"); digits(n)) {
    return fmt::format("mag hoogstens {} bytes lang zijn", n);
  }
  if (auto r = range(middle("must be ", " bytes"))) {
    return fmt::format("moet {} tot {} bytes lang zijn", r->first, r->second);
  }
  if (auto r = range(middle("must be ", " characters"))) {
    return fmt::format("moet {} tot {} tekens lang zijn", r->first, r->second);
  }
  if (auto n = middle("the body nests arrays and objects deeper than ", " levels"); digits(n)) {
    return fmt::format("de inhoud nest lijsten en objecten dieper dan {} niveaus", n);
  }
  if (auto n = middle("", " is listed twice"); digits(n)) {
    return fmt::format("{} staat er twee keer in", n);
  }
  if (auto n = middle("", " is not a municipality of the werktabel"); digits(n)) {
    return fmt::format("{} is geen gemeente van de werktabel", n);
  }
  if (auto n = middle("", " is not one of the members"); digits(n)) {
    return fmt::format("{} is geen van de leden", n);
  }
  if (auto n = middle("there is no cooperation agreement ", " in the registry"); digits(n)) {
    return fmt::format("er is geen samenwerkingsovereenkomst {} in het register", n);
  }
  if (auto n = middle("cooperation agreement ", " concerns none of the members"); digits(n)) {
    return fmt::format("samenwerkingsovereenkomst {} gaat geen van de leden aan", n);
  }
  if (const size_t colon = rule.find(": must be between 0 and its maximum E = ");
      colon != std::string_view::npos && digits(rule.substr(0, colon)) &&
      digits(rule.substr(colon + 40))) {
    return fmt::format("{}: moet tussen 0 en haar maximum E = {} liggen", rule.substr(0, colon),
                       rule.substr(colon + 40));
  }
  // "must be a, b or c": codes.
  if (auto list = middle("must be ", ""); !list.empty()) {
    const size_t last = list.rfind(" or ");
    if (last != std::string_view::npos && code(list.substr(last + 4))) {
      const std::string_view head = list.substr(0, last);
      bool codes = true;
      for (size_t at = 0; at <= head.size() && codes;) {
        size_t comma = head.find(", ", at);
        if (comma == std::string_view::npos) comma = head.size();
        codes = code(head.substr(at, comma - at));
        at = comma + 2;
      }
      if (codes) return fmt::format("moet {} of {} zijn", head, list.substr(last + 4));
    }
  }
  return std::string(rule);
}

std::string dutch_field(std::string_view pointer) {
  if (pointer.empty()) return "De aanvraag";
  std::string_view key;
  std::optional<int> index;
  for (size_t at = 1; at <= pointer.size();) {
    size_t slash = pointer.find('/', at);
    if (slash == std::string_view::npos) slash = pointer.size();
    const std::string_view part = pointer.substr(at, slash - at);
    int n = 0;
    if (!part.empty() && std::from_chars(part.data(), part.data() + part.size(), n).ptr ==
                             part.data() + part.size()) {
      index = n;
    } else {
      key = part;
    }
    at = slash + 1;
  }
  std::string out(field_label(key));
  if (index) out += fmt::format(" (nr. {})", *index + 1);
  return out;
}

std::string dutch_problem(const InputProblem& p) {
  return dutch_field(p.pointer) + ": " + dutch_rule(p.rule);
}

std::string dutch_invalid(std::string_view message) {
  const size_t first = message.find(":\n  ");
  if (first == std::string_view::npos) return std::string(message);
  const std::string_view head = message.substr(0, first);
  std::string out;
  const auto quoted = [&](std::string_view prefix, std::string_view suffix) {
    return head.starts_with(prefix) && head.ends_with(suffix) &&
           head.size() >= prefix.size() + suffix.size();
  };
  if (head == "the application is not valid") {
    out = "De aanvraag is niet geldig";
  } else if (quoted("call '", "' is not valid")) {
    out = fmt::format("De oproep '{}' is niet geldig", head.substr(6, head.size() - 6 - 14));
  } else if (quoted("the new version of '", "' is not valid")) {
    out = fmt::format("De nieuwe versie van '{}' is niet geldig",
                      head.substr(20, head.size() - 20 - 14));
  } else {
    out = std::string(head);
  }
  out += ":";
  // Every further line: "  field: rule".
  for (size_t at = first + 2; at < message.size();) {
    size_t end = message.find('\n', at);
    if (end == std::string_view::npos) end = message.size();
    std::string_view line = message.substr(at, end - at);
    at = end + 1;
    out += "\n";
    if (!line.starts_with("  ")) {
      out += line;
      continue;
    }
    line.remove_prefix(2);
    const size_t colon = line.find(": ");
    const std::string_view field = colon == std::string_view::npos ? "" : line.substr(0, colon);
    if (field.empty() || field.find_first_of(" .") != std::string_view::npos) {
      out += "  ";
      out += line;
      continue;
    }
    out += "  " + dutch_field("/" + std::string(field)) + ": " + dutch_rule(line.substr(colon + 2));
  }
  return out;
}

Response JsonInput::response() const {
  nlohmann::json list = nlohmann::json::array();
  std::string message;
  for (const auto& p : problems_) {
    std::string dutch = dutch_problem(p);
    if (!message.empty()) message += "; ";
    message += dutch;
    list.push_back({{"pointer", p.pointer}, {"rule", p.rule}, {"message", std::move(dutch)}});
  }
  nlohmann::json body = {
      {"error", {{"code", "invalid"}, {"message", message}, {"problems", list}}}};
  return Response::json(422, body.dump());
}

const nlohmann::json* JsonInput::get(const nlohmann::json& object, std::string_view at,
                                     std::string_view key, bool required) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) problem(fmt::format("{}/{}", at, key), "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonInput::text(const nlohmann::json& object, std::string_view at,
                                           std::string_view key, bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    problem(fmt::format("{}/{}", at, key), "must be a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> JsonInput::integer(const nlohmann::json& object, std::string_view at,
                                          std::string_view key, bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    problem(fmt::format("{}/{}", at, key), "must be an integer");
    return std::nullopt;
  }
  // A number above 2^63 - 1 is held unsigned; get<int64_t> would wrap it.
  if (v->is_number_unsigned() &&
      v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    problem(fmt::format("{}/{}", at, key), "is out of range");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<bool> JsonInput::boolean(const nlohmann::json& object, std::string_view at,
                                       std::string_view key, bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    problem(fmt::format("{}/{}", at, key), "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<Date> JsonInput::date(const nlohmann::json& object, std::string_view at,
                                    std::string_view key, bool required) {
  auto t = text(object, at, key, required);
  if (!t) return std::nullopt;
  auto d = Date::parse(*t);
  if (!d) {
    problem(fmt::format("{}/{}", at, key), "must be a date YYYY-MM-DD");
    return std::nullopt;
  }
  return *d;
}

std::optional<Month> JsonInput::month(const nlohmann::json& object, std::string_view at,
                                      std::string_view key, bool required) {
  auto t = text(object, at, key, required);
  if (!t) return std::nullopt;
  auto m = Month::parse(*t);
  if (!m) {
    problem(fmt::format("{}/{}", at, key), "must be a month YYYY-MM");
    return std::nullopt;
  }
  return *m;
}

std::optional<Money> JsonInput::cents(const nlohmann::json& object, std::string_view at,
                                      std::string_view key, bool required) {
  auto i = integer(object, at, key, required);
  if (!i) return std::nullopt;
  return Money::from_cents(*i);
}

std::optional<pact::Rate> JsonInput::percent(const nlohmann::json& object, std::string_view at,
                                             std::string_view key, bool required) {
  auto t = text(object, at, key, required);
  if (!t) return std::nullopt;
  auto r = pact::Rate::parse_percent(*t);
  if (!r) {
    problem(fmt::format("{}/{}", at, key),
            "must be a percentage as a decimal string, e.g. \"22.5\"");
    return std::nullopt;
  }
  return *r;
}

std::optional<Nis> JsonInput::nis(const nlohmann::json& object, std::string_view at,
                                  std::string_view key, bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  std::optional<Nis> out;
  if (v->is_string()) {
    if (auto n = Nis::parse(v->get<std::string>())) out = *n;
  } else if (v->is_number_integer()) {
    // Checked as a 64-bit number: get<int> would wrap 4294978298 to 11002.
    const bool small = v->is_number_unsigned()
                           ? v->get<uint64_t>() <= 99'999
                           : v->get<int64_t>() >= 0 && v->get<int64_t>() <= 99'999;
    if (small) {
      if (auto n = Nis::from_int(static_cast<int>(v->get<int64_t>()))) out = *n;
    }
  }
  if (!out) problem(fmt::format("{}/{}", at, key), "must be a NIS code of 5 digits");
  return out;
}

std::optional<std::vector<std::string>> JsonInput::texts(const nlohmann::json& object,
                                                         std::string_view at, std::string_view key,
                                                         bool required) {
  const auto* v = get(object, at, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    problem(fmt::format("{}/{}", at, key), "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      problem(fmt::format("{}/{}/{}", at, key, i), "must be a string");
      continue;
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

}  // namespace lap::server::api
