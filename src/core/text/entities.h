// entities: names of people, countries, organisations and places; normalisation for merging, and
// extraction of meetings (counterparts, place, date) from structured fields or from titles such as
// mid.ru's "Foreign Minister Sergey Lavrov's talks with Secretary General of the Council of Europe
// Thorbjørn Jagland, Sochi, 20 May 2013".
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/text/dates.h"

namespace stenogram {

enum class EntityKind { Tag, Person, Country, Organisation, Place };
const char* EntityKindName(EntityKind k);  // "tag", "person", "country", "organisation", "place"

// Key used to merge spellings of one name: Unicode-aware lower case, diacritics and punctuation
// dropped, whitespace collapsed, ё→е ("Thorbjørn Jagland" and "Thorbjorn  Jagland" share a key).
std::string EntityKey(const std::string& name);

struct FoundEntity {
  EntityKind kind;
  std::string name;   // as written in the text
};

// What a title or text says about a meeting; empty counterparts when it records none.
struct MeetingInfo {
  bool is_meeting = false;                // talks, meeting, negotiations, consultations, ...
  std::string kind;                       // suggested document kind: "talks", "press conference", "interview", ...
  std::vector<FoundEntity> counterparts;  // people and countries met
  std::string place;                      // "Sochi"
  std::optional<ParsedDate> date;         // "20 May 2013"
};

// Reads a mid.ru-style title (English or Russian) for kind, meeting counterparts, place and date.
MeetingInfo ParseTitle(const std::string& title);

// Finds known countries (English and Russian names, adjectives such as "Serbian" → Serbia) and
// organisations (UN, OSCE, EU, NATO, BRICS, SCO, CSTO, Council of Europe, ...) in text.
std::vector<FoundEntity> FindKnownEntities(const std::string& text);

// Reads a name written the official way, "SURNAME Name Patronymic – Position" ("LAVROV Sergey
// Viktorovich – Minister of Foreign Affairs", "ЛАВРОВ Сергей Викторович – Министр иностранных дел"):
// returns "Name Surname" ("Sergey Lavrov") and the position in *position ("" when none). Returns ""
// for any other shape (the caller keeps the name as written).
std::string NameFromOfficialForm(const std::string& written, std::string* position);

}  // namespace stenogram
