// Tests of entities: merge keys, known countries and organisations in English and Russian, and
// meetings read from mid.ru titles (kind, counterparts, place, date), including corpus titles.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/text/entities.h"

using namespace stenogram;

namespace {

// "kind:name" for each entity, in order.
std::vector<std::string> Names(const std::vector<FoundEntity>& es) {
  std::vector<std::string> out;
  for (const FoundEntity& e : es) out.push_back(std::string(EntityKindName(e.kind)) + ":" + e.name);
  return out;
}

std::vector<std::string> Known(const std::string& text) { return Names(FindKnownEntities(text)); }

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("entities: kind names") {
  CHECK(std::string(EntityKindName(EntityKind::Tag)) == "tag");
  CHECK(std::string(EntityKindName(EntityKind::Person)) == "person");
  CHECK(std::string(EntityKindName(EntityKind::Country)) == "country");
  CHECK(std::string(EntityKindName(EntityKind::Organisation)) == "organisation");
  CHECK(std::string(EntityKindName(EntityKind::Place)) == "place");
}

TEST_CASE("entities: keys merge spellings") {
  CHECK(EntityKey("Thorbjørn Jagland") == "thorbjorn jagland");
  CHECK(EntityKey("Thorbjørn Jagland") == EntityKey("Thorbjorn  Jagland"));
  CHECK(EntityKey("Ivica Dačić") == EntityKey("Ivica Dacic"));
  CHECK(EntityKey("Péter Szijjártó") == "peter szijjarto");
  CHECK(EntityKey("Jean-Yves Le Drian") == EntityKey("Jean Yves le Drian"));
  CHECK(EntityKey("O’Brien") == EntityKey("OBrien"));
  CHECK(EntityKey("Recep Tayyip Erdoğan") == "recep tayyip erdogan");
  CHECK(EntityKey("Bogdan Aurescu, Ministrul Afacerilor Externe al României") ==
        "bogdan aurescu ministrul afacerilor externe al romaniei");
  CHECK(EntityKey("Ștefan Țurcanu") == "stefan turcanu");
  CHECK(EntityKey("Straße") == "strasse");
  CHECK(EntityKey("  С.В.Лавров ") == "с в лавров");
  CHECK(EntityKey("Алексей Фёдоров") == EntityKey("АЛЕКСЕЙ ФЕДОРОВ"));
  CHECK(EntityKey("«Газпром»") == "газпром");
  CHECK(EntityKey("Київ") == "київ");
  CHECK(EntityKey("") == "");
  CHECK(EntityKey(" ,.- ") == "");
}

TEST_CASE("entities: known countries and organisations, once each, at word boundaries") {
  CHECK(Known("Romania and Oman") == V{"country:Romania", "country:Oman"});
  CHECK(Known("The Romanian delegation") == V{"country:Romania"});  // no Oman inside Romania
  CHECK(Known("Serbian colleague, Serbia, Serbia's OSCE chairmanship") == V{"country:Serbia", "organisation:OSCE"});
  CHECK(Known("the US and us") == V{"country:United States"});
  CHECK(Known("the USA, the United States of America and American partners") == V{"country:United States"});
  CHECK(Known("Latin American countries") == V{});
  CHECK(Known("UN Security Council and the UN Charter") == V{"organisation:UN Security Council", "organisation:UN"});
  CHECK(Known("Council of Europe and Europe") == V{"organisation:Council of Europe"});
  CHECK(Known("Bosnia and Herzegovina") == V{"country:Bosnia and Herzegovina"});
  CHECK(Known("DPRK, Republic of Korea") == V{"country:North Korea", "country:South Korea"});
  CHECK(Known("South Sudan and Sudan") == V{"country:South Sudan", "country:Sudan"});
  CHECK(Known("BRICS, SCO, CSTO, CIS, EAEU, ASEAN, G20, OPEC, ICRC") ==
        V{"organisation:BRICS", "organisation:SCO", "organisation:CSTO", "organisation:CIS", "organisation:EAEU",
          "organisation:ASEAN", "organisation:G20", "organisation:OPEC", "organisation:ICRC"});
  CHECK(Known("Organisation for Security and Co-operation in Europe") == V{"organisation:OSCE"});
  CHECK(Known("the Arab League and the African Union") == V{"organisation:Arab League", "organisation:African Union"});
  CHECK(Known("a turkey, china plates and us") == V{});  // common words in lower case are not names
}

TEST_CASE("entities: Russian forms") {
  CHECK(Known("О законодательстве России, США, Франции, Финляндии, Израиля и Польши") ==
        V{"country:Russia", "country:United States", "country:France", "country:Finland", "country:Israel",
          "country:Poland"});
  CHECK(Known("с Министром иностранных дел Сербии, сербская сторона, сербскими коллегами") == V{"country:Serbia"});
  CHECK(Known("заседание Совета Безопасности ООН, Совета Европы и ОБСЕ") ==
        V{"organisation:UN Security Council", "organisation:Council of Europe", "organisation:OSCE"});
  CHECK(Known("Европейский союз, Евросоюз и ЕС") == V{"organisation:EU"});
  CHECK(Known("Китай, китайская сторона, кита") == V{"country:China"});
  CHECK(Known("ПРЕЗИДЕНТОМ ЛИТВЫ") == V{"country:Lithuania"});
  CHECK(Known("Объединённые Арабские Эмираты, ОАЭ") == V{"country:United Arab Emirates"});
  CHECK(Known("в Латинской Америке") == V{});
  CHECK(Known("кубометров газа") == V{});  // not Cuba
}

TEST_CASE("entities: English mid.ru titles") {
  MeetingInfo m = ParseTitle(
      "Foreign Minister Sergey Lavrov's talks with Secretary General of the Council of Europe Thorbjørn Jagland, "
      "Sochi, 20 May 2013");
  CHECK(m.is_meeting);
  CHECK(m.kind == "talks");
  CHECK(Names(m.counterparts) == V{"person:Thorbjørn Jagland", "organisation:Council of Europe"});
  CHECK(m.place == "Sochi");
  REQUIRE(m.date);
  CHECK(m.date->iso == "2013-05-20");

  m = ParseTitle(
      "Foreign Minister Sergey Lavrov's remarks and answers to media questions at a joint news conference following "
      "talks with Foreign Minister of Serbia Ivica Dacic, Moscow, 5 December 2014");
  CHECK(m.is_meeting);
  CHECK(m.kind == "press conference");
  CHECK(Names(m.counterparts) == V{"person:Ivica Dacic", "country:Serbia"});
  CHECK(m.place == "Moscow");
  CHECK(m.date->iso == "2014-12-05");

  m = ParseTitle("Foreign Minister Sergey Lavrov's meeting with US Secretary of State John Kerry, Paris, 14 October 2014");
  CHECK(m.is_meeting);
  CHECK(m.kind == "meeting");
  CHECK(Names(m.counterparts) == V{"person:John Kerry", "country:United States"});
  CHECK(m.place == "Paris");

  m = ParseTitle(
      "Foreign Minister Sergey Lavrov's talks with Minister of Foreign Affairs and Trade of Hungary Peter Szijjarto "
      "and UN Special Envoy Staffan de Mistura, Moscow, 2 March 2015");
  CHECK(Names(m.counterparts) ==
        V{"person:Peter Szijjarto", "person:Staffan de Mistura", "country:Hungary", "organisation:UN"});

  m = ParseTitle("Russian-Chinese talks, Beijing, 15 April 2015");
  CHECK(m.is_meeting);
  CHECK(Names(m.counterparts) == V{"country:China"});  // Russia is the host, not a counterpart
  CHECK(m.place == "Beijing");

  m = ParseTitle("Interview of Foreign Minister Sergey Lavrov to the Serbian newspaper Politika, 4 December 2014");
  CHECK(!m.is_meeting);
  CHECK(m.kind == "interview");
  CHECK(m.counterparts.empty());
  CHECK(m.place.empty());
  CHECK(m.date->iso == "2014-12-04");

  m = ParseTitle("Statement by Foreign Minister Sergey Lavrov at the OSCE Ministerial Council, Basel, 4 December 2014");
  CHECK(!m.is_meeting);
  CHECK(m.kind == "statement");
  CHECK(m.place == "Basel");

  m = ParseTitle("Speech by Foreign Minister Sergey Lavrov at the UN Security Council, New York, 24 September 2014");
  CHECK(m.kind == "speech");
  CHECK(m.place == "New York");

  m = ParseTitle("Article by Foreign Minister Sergey Lavrov for the Kommersant newspaper, 12 March 2015");
  CHECK(m.kind == "article");
  CHECK(m.place.empty());

  m = ParseTitle("Report on the human rights situation in the European Union");
  CHECK(m.kind == "report");
  CHECK(!m.date);
  CHECK(m.place.empty());

  m = ParseTitle("");
  CHECK(!m.is_meeting);
  CHECK(m.kind.empty());
}

TEST_CASE("entities: Russian mid.ru titles") {
  MeetingInfo m = ParseTitle(
      "Переговоры Министра иностранных дел России С.В.Лаврова с Министром иностранных дел Сербии И.Дачичем, Москва, "
      "5 декабря 2014 года");
  CHECK(m.is_meeting);
  CHECK(m.kind == "talks");
  CHECK(Names(m.counterparts) == V{"person:И.Дачич", "country:Serbia"});
  CHECK(m.place == "Москва");
  CHECK(m.date->iso == "2014-12-05");

  m = ParseTitle(
      "Выступление Министра иностранных дел России С.В.Лаврова на заседании СМИД ОБСЕ, Базель, 4 декабря 2014 года");
  CHECK(!m.is_meeting);
  CHECK(m.kind == "speech");
  CHECK(m.place == "Базель");

  m = ParseTitle(
      "Встреча Министра иностранных дел России С.В.Лаврова с Генеральным секретарем ООН Антониу Гутеррешем, "
      "Нью-Йорк, 21 сентября 2017 года");
  CHECK(m.is_meeting);
  CHECK(m.kind == "meeting");
  CHECK(Names(m.counterparts) == V{"person:Антониу Гутерреш", "organisation:UN"});
  CHECK(m.place == "Нью-Йорк");

  m = ParseTitle("О ТЕЛЕФОННОМ РАЗГОВОРЕ ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ В.В.ПУТИНА С ПРЕЗИДЕНТОМ ЛИТВЫ Р.ПАКСАСОМ");
  CHECK(m.is_meeting);
  CHECK(m.kind == "telephone conversation");
  CHECK(Names(m.counterparts) == V{"person:Р.ПАКСАС", "country:Lithuania"});

  m = ParseTitle(
      "Переговоры С.В.Лаврова с Министром иностранных дел Германии Анналеной Бербок и Министром иностранных дел "
      "Индии С.Джайшанкаром, Москва, 18 января 2022 года");
  CHECK(Names(m.counterparts) ==
        V{"person:Анналена Бербок", "person:С.Джайшанкар", "country:Germany", "country:India"});

  m = ParseTitle(
      "Интервью Министра иностранных дел Российской Федерации С.В.Лаврова журналу «Foreign Policy», опубликованное "
      "29 апреля 2013 года");
  CHECK(m.kind == "interview");
  CHECK(m.place.empty());
  CHECK(m.date->iso == "2013-04-29");
}

TEST_CASE("entities: titles from the mid.ru corpus files") {
  const std::string dir = std::string(STENOGRAM_SOURCE_DIR) +
                          "/../shared/corpora/mid.ru-schema/datasets/2024/russian_institutions_2024/";
  std::ifstream en(dir + "mid.ru_en_2024/website_name-no_text.csv");
  if (!en) {
    MESSAGE("mid.ru corpus not found; skipping");
    return;
  }
  // Titles copied from the corpus (its CSV is read here only to check they are still there).
  std::string all((std::istreambuf_iterator<char>(en)), std::istreambuf_iterator<char>());
  const std::string sochi =
      "Speech of and answers to questions of mass media by Russian Foreign Minister Sergey Lavrov during joint press "
      "conference summarizing the results of negotiations with Secretary General of the Council of Europe "
      "Thorbjørn Jagland, Sochi, 20 May 2013";
  REQUIRE(all.find(sochi) != std::string::npos);
  MeetingInfo m = ParseTitle(sochi);
  CHECK(m.is_meeting);
  CHECK(m.kind == "press conference");
  CHECK(Names(m.counterparts) == V{"person:Thorbjørn Jagland", "organisation:Council of Europe"});
  CHECK(m.place == "Sochi");
  CHECK(m.date->iso == "2013-05-20");

  const std::string antonov =
      "Statement by H.E. Ambassador Anatoly Antonov, Head of the Delegation of the Russian Federation at the Third "
      "Session of the Preparatory Committee for the 2010 Review Conference of the Parties to the Treaty on the "
      "Non–Proliferation of Nuclear Weapons, New York, 4 May 2009";
  REQUIRE(all.find(antonov) != std::string::npos);
  m = ParseTitle(antonov);
  CHECK(!m.is_meeting);
  CHECK(m.kind == "statement");
  CHECK(m.place == "New York");
  CHECK(m.date->iso == "2009-05-04");

  std::ifstream ru(dir + "mid.ru_ru_2024/website_name-no_text.csv");
  std::string all_ru((std::istreambuf_iterator<char>(ru)), std::istreambuf_iterator<char>());
  const std::string musharraf =
      "СОВМЕСТНОЕ ЗАЯВЛЕНИЕ ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ В.В.ПУТИНА И ПРЕЗИДЕНТА ИСЛАМСКОЙ РЕСПУБЛИКИ ПАКИСТАН "
      "П.МУШАРАФА (МОСКВА, 5 ФЕВРАЛЯ 2003 ГОДА)";
  REQUIRE(all_ru.find(musharraf) != std::string::npos);
  m = ParseTitle(musharraf);
  CHECK(m.kind == "statement");
  CHECK(m.place == "МОСКВА");
  CHECK(m.date->iso == "2003-02-05");
  CHECK(Known(musharraf) == V{"country:Russia", "country:Pakistan"});

  const std::string grushko =
      "Брифинг заместителя Министра иностранных дел Российской Федерации А.В.Грушко по итогам заседания в формате "
      "Совета Россия-НАТО, Брюссель, 12 января 2022 года";
  REQUIRE(all_ru.find(grushko) != std::string::npos);
  m = ParseTitle(grushko);
  CHECK(m.kind == "briefing");
  CHECK(m.place == "Брюссель");
  CHECK(m.date->iso == "2022-01-12");

  const std::string ermakov =
      "Пресс-конференция директора Департамента по вопросам нераспространения и контроля над вооружениями МИД России "
      "В.И. Ермакова в МИА Россия сегодня, 25 сентября 2018 года";
  REQUIRE(all_ru.find(ermakov) != std::string::npos);
  m = ParseTitle(ermakov);
  CHECK(m.kind == "press conference");
  CHECK(m.place.empty());  // the only segment before the date is the title itself

  const std::string accreditation =
      "О порядке аккредитации журналистов для участия в мероприятиях Всемирного конгресса cоотечественников "
      "(г. Санкт-Петербург, 24-25 октября 2006 года)";
  REQUIRE(all_ru.find(accreditation) != std::string::npos);
  m = ParseTitle(accreditation);
  CHECK(m.place == "Санкт-Петербург");
  CHECK(m.date->iso == "2006-10-24");
}
