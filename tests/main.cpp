// doctest entry point for core_tests (each test_*.cpp holds the cases of one core module).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
