// command_line: how the native tools (stenogram-build, stenogram-gen, the benchmark runners) parse
// their arguments with CLI11: --help prints the options and exits 0; a missing, unknown or bad value
// prints one line naming the option and the value and exits 2 (never an uncaught exception).
#pragma once
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

namespace stenogram_cli {

// Parses argv into app's options. Returns -1 to go on, else the exit code for main to return (0
// after --help, 2 after an error, which is printed as "NAME: what was wrong (--help lists the options)").
inline int ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return -1;
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << app.get_name() << ": " << e.what() << " (--help lists the options)\n";
    return 2;
  }
}

// Accepts a whole number (decimal digits only) of at least min: "--docs: takes a whole number from 1,
// not 'ten'" otherwise (CLI11's own range checks print their limits as doubles).
inline CLI::Validator WholeNumber(unsigned long long min) {
  return CLI::Validator(
      [min](std::string& v) -> std::string {
        bool digits = !v.empty();
        for (char c : v) digits = digits && c >= '0' && c <= '9';
        errno = 0;
        const unsigned long long n = digits ? std::strtoull(v.c_str(), nullptr, 10) : 0;
        if (!digits || errno == ERANGE || n < min)
          return "takes a whole number from " + std::to_string(min) + ", not '" + v + "'";
        return "";
      },
      "", "whole number");
}

}  // namespace stenogram_cli
