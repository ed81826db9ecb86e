# SPDX-License-Identifier: MIT
# tests/fuzz/fuzz.cmake (included by the top CMakeLists.txt, where
# MMK_TOOL_SOURCES is known): the libFuzzer harnesses (MMK_FUZZ=ON,
# clang): the tool's script/, common/ and cli/ folders, all the script
# runner needs, linked with libFuzzer's main().  `make fuzz` builds and runs them;
# tests/fuzz/smoke.sh is the CI's short run.
set(mmk_fuzz_tool_sources ${MMK_TOOL_SOURCES})
list(FILTER mmk_fuzz_tool_sources INCLUDE REGEX "/tools/mmkit/(script|common|cli)/")
add_library(mmkit_tool_fuzz OBJECT ${mmk_fuzz_tool_sources})
target_include_directories(mmkit_tool_fuzz PRIVATE ${PROJECT_SOURCE_DIR}/tools/mmkit ${PROJECT_SOURCE_DIR}/include
  ${MMK_GEN_INCLUDE})
target_link_libraries(mmkit_tool_fuzz PRIVATE PkgConfig::URCU)

foreach(h fuzz_parse fuzz_run)
  add_executable(${h} ${CMAKE_CURRENT_LIST_DIR}/${h}.c $<TARGET_OBJECTS:mmkit_tool_fuzz>)
  target_include_directories(${h} PRIVATE ${PROJECT_SOURCE_DIR}/tools/mmkit)
  target_link_libraries(${h} PRIVATE mmkit_static m)
  target_link_options(${h} PRIVATE -fsanitize=fuzzer)
endforeach()
