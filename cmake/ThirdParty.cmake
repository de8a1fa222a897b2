# Third-party libraries, compiled from the sources tools/setup fetched (never committed).
set(TP "${STENOGRAM_THIRD_PARTY}")

# ---- SQLite (amalgamation built from Debian's sqlite3 source package) ----
# sqlite3_api: the header and the options every user of SQLite must see alike. sqlite3: the library.
# Natively the core links sqlite3; in the wasm builds the core links only sqlite3_api and each module
# links the library it needs (src/app, src/worker, tests): the full sqlite3, or sqlite3_read below.
add_library(sqlite3_api INTERFACE)
target_include_directories(sqlite3_api SYSTEM INTERFACE "${TP}/sqlite")
add_library(sqlite3 STATIC "${TP}/sqlite/sqlite3.c")
target_link_libraries(sqlite3 PUBLIC sqlite3_api)
target_compile_definitions(sqlite3_api INTERFACE
  SQLITE_ENABLE_FTS5            # full-text search with bm25 ranking, snippet() and custom tokenizers
  SQLITE_OMIT_LOAD_EXTENSION    # no dlopen in the browser; our tokenizer is linked in statically
  SQLITE_OMIT_SHARED_CACHE      # one connection per archive; smaller code
  SQLITE_DEFAULT_MEMSTATUS=0    # no global memory statistics: faster malloc, no lock
  SQLITE_DQS=0                  # double-quoted strings are identifiers only, never string literals
  SQLITE_TEMP_STORE=3           # temporary tables and sort spills stay in memory (no temp files in wasm)
  SQLITE_OMIT_DEPRECATED        # drop deprecated APIs
  SQLITE_LIKE_DOESNT_MATCH_BLOBS
  SQLITE_MAX_EXPR_DEPTH=1000    # archives are untrusted: deep expressions are refused (archive_guard lowers it further)
  SQLITE_OMIT_DECLTYPE          # no column declared-type metadata (the core never asks)
)
target_compile_options(sqlite3 PRIVATE -w)
if(EMSCRIPTEN)
  # One thread touches each database (the page's, the worker's): no mutexes.
  target_compile_definitions(sqlite3_api INTERFACE SQLITE_THREADSAFE=0)
  # What the browser never asks of SQLite, left out of the engine's download (none changes the SQL
  # grammar, so the amalgamation's parser stays valid): JSON functions, WAL (an archive is read
  # through the block cache, written by the importer with journal_mode=OFF), date and time
  # functions, UTF-16 APIs, the authorizer, integrity_check, sqlite3_complete and get_table, the
  # introspection pragmas, the compile-option list and the test-control hooks. The native builds
  # keep them all (the tests read documents.extra with nlohmann, not json_extract).
  target_compile_definitions(sqlite3_api INTERFACE SQLITE_OMIT_JSON SQLITE_OMIT_WAL SQLITE_OMIT_DATETIME_FUNCS
    SQLITE_OMIT_UTF16 SQLITE_OMIT_AUTHORIZATION SQLITE_OMIT_INTEGRITY_CHECK SQLITE_OMIT_COMPLETE
    SQLITE_OMIT_GET_TABLE SQLITE_OMIT_INTROSPECTION_PRAGMAS SQLITE_OMIT_TCL_VARIABLE SQLITE_UNTESTABLE
    SQLITE_OMIT_COMPILEOPTION_DIAGS)
  # sqlite3_read: the hosted engine's SQLite (src/worker: engine.wasm, which only reads archives),
  # without the parts of SQL that change its grammar and that reading never uses (ALTER TABLE,
  # VACUUM, window functions, UPSERT, ...: cmake/sqlite-read-omits.txt). Those options need an
  # amalgamation generated with them (the parser and the keyword table are generated code), which
  # tools/setup makes in third_party/sqlite-read from the same source package.
  file(STRINGS "${CMAKE_SOURCE_DIR}/cmake/sqlite-read-omits.txt" SQLITE_READ_OMITS REGEX "^SQLITE_OMIT_[A-Z_]+$")
  file(READ "${TP}/sqlite-read/.omits" SQLITE_READ_BUILT)
  string(REPLACE ";" "\n" SQLITE_READ_WANTED "${SQLITE_READ_OMITS}")
  string(STRIP "${SQLITE_READ_BUILT}" SQLITE_READ_BUILT)
  if(NOT EXISTS "${TP}/sqlite-read/sqlite3.c" OR NOT SQLITE_READ_BUILT STREQUAL SQLITE_READ_WANTED)
    message(FATAL_ERROR "third_party/sqlite-read is missing or was generated with other options: run ./tools/setup")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    "${CMAKE_SOURCE_DIR}/cmake/sqlite-read-omits.txt" "${TP}/sqlite-read/.omits")
  add_library(sqlite3_read STATIC "${TP}/sqlite-read/sqlite3.c")
  target_link_libraries(sqlite3_read PUBLIC sqlite3_api)
  # No file system either (SQLITE_OS_OTHER: no os_unix.c, so none of Emscripten's file syscalls): the
  # engine reads archives only through its block VFS, which src/worker/os_block.cpp's sqlite3_os_init
  # registers as the default.
  target_compile_definitions(sqlite3_read PRIVATE ${SQLITE_READ_OMITS} SQLITE_OS_OTHER=1)
  target_compile_options(sqlite3_read PRIVATE -w)
else()
  # Multi-thread mode: the builder's finish runs two connections at once, one per thread
  # (core/import/writer.cpp), which SQLITE_THREADSAFE=0 does not allow (it has no mutex for the
  # library's global state: the open-file list, the VFS list).
  target_compile_definitions(sqlite3_api INTERFACE SQLITE_THREADSAFE=2)
  find_package(Threads REQUIRED)
  target_link_libraries(sqlite3 PUBLIC m Threads::Threads)
endif()

# ---- Snowball stemmers (English, Russian; UTF-8), generated C from Debian's snowball package ----
add_library(snowball STATIC
  "${TP}/snowball/runtime/api.c"
  "${TP}/snowball/runtime/utilities.c"
  "${TP}/snowball/src_c/stem_UTF_8_english.c"
  "${TP}/snowball/src_c/stem_UTF_8_russian.c")
target_include_directories(snowball SYSTEM PUBLIC "${TP}/snowball/src_c" "${TP}/snowball/runtime")
target_compile_options(snowball PRIVATE -w)

# ---- zstd (Debian's libzstd source package): the archive's compressed texts (format 4) ----
# Decompression for every build (the engine and the viewer read archives); compression only for
# the native tools (stenogram-build writes the frames; the browser's importer stores plain text).
# No assembly, no legacy frames, no multithreading; the wasm build takes the small decoder variants
# (one Huffman and one sequence decoder instead of two each: less code, a little slower).
set(ZSTD "${TP}/zstd/lib")
if(NOT EXISTS "${ZSTD}/zstd.h")
  message(FATAL_ERROR "third_party/zstd is missing: run ./tools/setup (it fetches Debian's libzstd source)")
endif()
add_library(zstd_decompress STATIC
  "${ZSTD}/common/debug.c" "${ZSTD}/common/entropy_common.c" "${ZSTD}/common/error_private.c"
  "${ZSTD}/common/fse_decompress.c" "${ZSTD}/common/xxhash.c" "${ZSTD}/common/zstd_common.c"
  "${ZSTD}/decompress/huf_decompress.c" "${ZSTD}/decompress/zstd_ddict.c"
  "${ZSTD}/decompress/zstd_decompress.c" "${ZSTD}/decompress/zstd_decompress_block.c")
target_include_directories(zstd_decompress SYSTEM PUBLIC "${ZSTD}")
target_compile_definitions(zstd_decompress PUBLIC ZSTD_DISABLE_ASM ZSTD_LEGACY_SUPPORT=0 ZSTD_NO_TRACE)
if(EMSCRIPTEN)
  target_compile_definitions(zstd_decompress PRIVATE HUF_FORCE_DECOMPRESS_X1 ZSTD_FORCE_DECOMPRESS_SEQUENCES_SHORT
    ZSTD_STRIP_ERROR_STRINGS)
endif()
target_compile_options(zstd_decompress PRIVATE -w)
if(NOT EMSCRIPTEN)
  file(GLOB ZSTD_COMPRESS_SOURCES "${ZSTD}/compress/*.c")
  add_library(zstd_compress STATIC ${ZSTD_COMPRESS_SOURCES} "${ZSTD}/common/pool.c" "${ZSTD}/common/threading.c")
  target_link_libraries(zstd_compress PUBLIC zstd_decompress)
  target_compile_options(zstd_compress PRIVATE -w)
endif()

# ---- Header-only Debian libraries through a folder of symlinks (never -I/usr/include) ----
add_library(nlohmann_json INTERFACE)
target_include_directories(nlohmann_json SYSTEM INTERFACE "${TP}/include")
target_compile_definitions(nlohmann_json INTERFACE JSON_USE_IMPLICIT_CONVERSIONS=0)
add_library(doctest_lib INTERFACE)
target_include_directories(doctest_lib SYSTEM INTERFACE "${TP}/include")
# CLI11 (libcli11-dev): argument parsing of the native command-line tools (builder, benchmark).
if(NOT EMSCRIPTEN)
  if(NOT EXISTS "${TP}/include/CLI/CLI.hpp")
    message(FATAL_ERROR "third_party/include/CLI is missing: run ./tools/setup (it installs libcli11-dev)")
  endif()
  add_library(cli11 INTERFACE)
  target_include_directories(cli11 SYSTEM INTERFACE "${TP}/include")
endif()

# ---- Dear ImGui 1.90.1 (viewer only) ----
if(EMSCRIPTEN)
  set(IMGUI "${TP}/imgui")
  add_library(imgui STATIC
    "${IMGUI}/imgui.cpp" "${IMGUI}/imgui_draw.cpp" "${IMGUI}/imgui_tables.cpp" "${IMGUI}/imgui_widgets.cpp"
    "${IMGUI}/backends/imgui_impl_glfw.cpp")
  target_include_directories(imgui SYSTEM PUBLIC "${IMGUI}" "${IMGUI}/backends")
  target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS
    IMGUI_DISABLE_DEBUG_TOOLS IMGUI_DISABLE_FILE_FUNCTIONS)
  target_compile_options(imgui PRIVATE -w)
endif()
