# Warnings as errors on our own code only; third-party targets get their includes as SYSTEM.
function(stenogram_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers -Werror)
endfunction()
