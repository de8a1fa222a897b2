// Tests of the in-memory import entry point the browser uses: a JSONL/CSV buffer becomes an
// archive image that Archive::OpenOwnedImage opens; bad inputs give a message naming the file;
// the stepped import (ImageImport) takes a big JSONL file in parts and can be dropped half-way.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/archive/archive.h"
#include "core/import/import_image.h"

using namespace stenogram;

TEST_CASE("import image: a JSONL buffer becomes an archive that opens and searches") {
  std::vector<InputFile> in = {{"speeches.jsonl",
                                "{\"title\": \"On Syria\", \"date\": \"2015-09-30\", \"text\": \"Remarks about Syria and talks.\"}\n"
                                "{\"title\": \"On trade\", \"date\": \"2016-01-12\", \"text\": \"Trade and sanctions.\"}\n",
                                ""}};
  ImportReport report;
  std::string error;
  ArchiveImage image = ImportToImage(in, ImportOptions{}, &report, &error);
  REQUIRE_MESSAGE(image.data != nullptr, error);
  CHECK(image.size > 4096);
  CHECK(report.imported == 2);
  auto archive = Archive::OpenOwnedImage(image.data, image.size, "speeches.jsonl", &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(archive->Info().doc_count == 2);
  CHECK(archive->Info().first_date == "2015-09-30");
  const auto docs = archive->ListDocuments();
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].title == "On Syria");
}

TEST_CASE("import image: a CSV buffer with a header") {
  std::vector<InputFile> in = {{"list.csv", "title,date,text\n\"A, first\",2020-02-03,Hello world\nB,2020-02-04,Bye\n", ""}};
  ImportReport report;
  std::string error;
  ArchiveImage image = ImportToImage(in, ImportOptions{}, &report, &error);
  REQUIRE_MESSAGE(image.data != nullptr, error);
  auto archive = Archive::OpenOwnedImage(image.data, image.size, "list.csv", &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(archive->Info().doc_count == 2);
}

TEST_CASE("import image: nothing importable gives a message naming the file, and no image") {
  std::vector<InputFile> in = {{"broken.json", "{ this is not json", ""}};
  ImportReport report;
  std::string error;
  ArchiveImage image = ImportToImage(in, ImportOptions{}, &report, &error);
  CHECK(image.data == nullptr);
  CHECK(image.size == 0);
  CHECK(error.find("broken.json") != std::string::npos);
  CHECK(report.imported == 0);
}

TEST_CASE("import image in steps: a JSONL file in parts imports as the whole file does, with the file's own lines") {
  std::string jsonl;
  for (int i = 1; i <= 30; ++i) {
    if (i == 17) {
      jsonl += "{\"title\": broken\n";
      continue;
    }
    jsonl += "{\"title\": \"Talk " + std::to_string(i) + "\", \"date\": \"2015-01-" + (i % 28 + 1 < 10 ? "0" : "") +
             std::to_string(i % 28 + 1) + "\", \"text\": \"Words about Minsk number " + std::to_string(i) + ".\"}\n";
  }
  ImportReport whole_report;
  std::string error;
  ArchiveImage whole = ImportToImage({{"talks.jsonl", jsonl, ""}}, ImportOptions{}, &whole_report, &error);
  REQUIRE_MESSAGE(whole.data != nullptr, error);
  sqlite3_free(whole.data);

  // Cut after every 7th line, as web/worker.js cuts a big file.
  ImportReport report;
  ImageImport run("talks.jsonl", ImportOptions{}, &report);
  REQUIRE_MESSAGE(run.Begin(&error), error);
  int64_t line = 1, record = 1;
  size_t at = 0;
  while (at < jsonl.size()) {
    size_t end = at;
    for (int n = 0; n < 7 && end < jsonl.size(); ++n) end = jsonl.find('\n', end) + 1;
    InputFile part{"talks.jsonl", jsonl.substr(at, end - at), ""};
    part.first_line = line;
    part.first_record = record;
    REQUIRE_MESSAGE(run.Add(part, &error), error);
    const int64_t lines = static_cast<int64_t>(std::count(part.bytes.begin(), part.bytes.end(), '\n'));
    line += lines;
    record += lines;
    at = end;
  }
  CHECK(report.imported == whole_report.imported);
  CHECK(report.imported == 29);
  CHECK(report.rejected == 1);
  bool named = false;
  for (const Problem& p : report.problems) named = named || p.Format().find("talks.jsonl:17") != std::string::npos;
  CHECK_MESSAGE(named, "the broken record is reported at its line in the whole file");
  ArchiveImage image = run.Finish(&error);
  REQUIRE_MESSAGE(image.data != nullptr, error);
  auto archive = Archive::OpenOwnedImage(image.data, image.size, "talks.jsonl", &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(archive->Info().doc_count == 29);
  // After Finish only the destructor remains.
  CHECK_FALSE(run.Add(InputFile{"more.jsonl", "{\"title\":\"x\"}\n", ""}, &error));
}

TEST_CASE("import image in steps: dropped half-way (a cancelled import) leaves nothing behind; failures name the file") {
  ImportReport report;
  std::string error;
  {
    ImageImport run("big.jsonl", ImportOptions{}, &report);
    REQUIRE(run.Begin(&error));
    REQUIRE(run.Add(InputFile{"big.jsonl", "{\"title\":\"one\",\"text\":\"a\"}\n", ""}, &error));
  }  // destroyed before Finish: the in-memory database is closed (ASan/LSan see no leak)
  ImportReport report2;
  ImageImport bad("bad.json", ImportOptions{}, &report2);
  REQUIRE(bad.Begin(&error));
  CHECK(bad.Add(InputFile{"bad.json", "{ not json", ""}, &error));  // a broken input is a problem, not an error
  ArchiveImage none = bad.Finish(&error);  // nothing to make an archive of
  CHECK(none.data == nullptr);
  CHECK(error.find("bad.json") != std::string::npos);
  CHECK_FALSE(bad.Add(InputFile{"bad.json", "{}", ""}, &error));
  CHECK(error.find("the import is over") != std::string::npos);
  ImportReport report3;
  ImageImport unstarted("x.jsonl", ImportOptions{}, &report3);
  CHECK_FALSE(unstarted.Add(InputFile{"x.jsonl", "{}\n", ""}, &error));
  CHECK(error.find("not started") != std::string::npos);
}
