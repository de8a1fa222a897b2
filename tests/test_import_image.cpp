// Tests of the in-memory import entry point the browser uses: a JSONL/CSV buffer becomes an
// archive image that Archive::OpenOwnedImage opens; bad inputs give a message naming the file.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/archive.h"
#include "core/import_image.h"

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
