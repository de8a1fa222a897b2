# check_gen_standin: stenogram-gen with a learned English model and no Russian one writes its Russian
# documents from the stand-in (gen_model.h StandInModel): the English model's text with Russian words
# ("negotiations" → "переговоры", "Security Council" → "Совета безопасности", other Latin words
# transliterated), never from the built-in vocabulary. Called by ctest (tests/cli/CMakeLists.txt).
set(dir "${CMAKE_CURRENT_BINARY_DIR}/gen_standin")
file(REMOVE_RECURSE "${dir}")
file(MAKE_DIRECTORY "${dir}/model")
# A tiny English model: words (id order), bigrams, one monologue template with its own words.
file(WRITE "${dir}/model/model-en.txt" "stenogram-gen-model 1 en
W <p>\t2
W negotiations\t40
W Security\t20
W Council\t20
W partners\t20
W .\t20
B 1\t2:1 4:1 5:1
B 2\t3:1
B 3\t1:1 5:1
B 4\t1:1 2:1
B 5\t1:1 4:1
D mono\t0:60\t1 4\t1:3 2:1 3:1
")
execute_process(COMMAND "${TOOL}" --docs 60 --seed 3 --model "${dir}/model" -o "${dir}/out.jsonl"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "stenogram-gen: exit ${rc}: ${err}")
endif()
if(NOT err MATCHES "ru: no learned model [^\n]*a stand-in")
  message(FATAL_ERROR "stenogram-gen did not say it uses the stand-in for Russian: ${err}")
endif()
file(READ "${dir}/out.jsonl" text)
string(REGEX REPLACE "[][;]" "_" text "${text}")  # brackets and semicolons would break CMake's lists
string(REPLACE "\n" ";" lines "${text}")
set(ru "")
foreach(line IN LISTS lines)
  if(line MATCHES "\"language\":\"ru\"")
    if(line MATCHES "Министра иностранных дел|negotiations|partners")
      message(FATAL_ERROR "a Russian document from the built-in vocabulary or with English words: ${line}")
    endif()
    list(APPEND ru "${line}")
  endif()
endforeach()
list(LENGTH ru n)
if(n LESS 5)
  message(FATAL_ERROR "expected Russian documents among 60, got ${n}")
endif()
string(JOIN "\n" all ${ru})
if(NOT all MATCHES "переговоры" OR NOT all MATCHES "Совета безопасности" OR NOT all MATCHES "Партнерс|партнерс")
  message(FATAL_ERROR "the Russian documents lack the aligned words or the transliteration: ${all}")
endif()
message(STATUS "${n} Russian documents from the stand-in model")
