# SPDX-License-Identifier: MIT
# cmake/package.cmake (included by the top CMakeLists.txt after the install
# rules): the Debian packages CPack builds from the install components,
# `make deb` (scripts/deb.sh, docs/packaging.md):
#   mmkit         (bin)  the command, its manual pages, the examples
#   libmmkit0     (lib)  the shared library, libmmkit.so.0
#   libmmkit-dev  (dev)  headers, static library, libmmkit.so, mmkit.pc
# Each carries /usr/share/doc/PACKAGE/copyright, as Debian requires: the
# licence, and for mmkit also uPlot's, which the command inlines.  The
# version is project(VERSION); dpkg-shlibdeps finds the runtime
# dependencies (libc6, liburcu8, libjansson4) from the ELF files.

# The copyright files.  mmkit's is written at configure time from LICENSE
# and uPlot's LICENSE (both read again when they change).
file(READ ${PROJECT_SOURCE_DIR}/LICENSE MMK_LICENSE_TEXT)
file(READ ${MMK_UPLOT_DIR}/LICENSE MMK_UPLOT_LICENSE_TEXT)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/LICENSE ${MMK_UPLOT_DIR}/LICENSE)
configure_file(${PROJECT_SOURCE_DIR}/cmake/copyright.in ${PROJECT_BINARY_DIR}/copyright @ONLY)
# `make install` puts the command's beside its examples; the libraries'
# are only for their packages (EXCLUDE_FROM_ALL: a component install, as
# CPack does, takes them), where each package has its own doc folder.
install(FILES ${PROJECT_BINARY_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT bin)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libmmkit0
  RENAME copyright COMPONENT lib EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libmmkit-dev
  RENAME copyright COMPONENT dev EXCLUDE_FROM_ALL)

set(MMK_DEB_MAINTAINER "the mmkit authors <mmkit@example.invalid>" CACHE STRING
  "The Maintainer field of the Debian packages: whoever publishes them sets it")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mmkit)
set(CPACK_PACKAGE_VENDOR "the mmkit authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# No CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPack would put it before each
# package's own description, whose first line is its synopsis.
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
# Debian installs into /usr; the libraries' folder (multiarch
# lib/x86_64-linux-gnu) comes from GNUInstallDirs, which chooses it when the
# build is configured with CMAKE_INSTALL_PREFIX=/usr, as scripts/deb.sh does.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL bin lib dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MMK_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libmmkit0 says which package provides libmmkit.so.0 (a shlibs file), and
# dpkg runs ldconfig after installing it.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_DEBIAN_BIN_PACKAGE_NAME mmkit)
set(CPACK_DEBIAN_BIN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_BIN_DESCRIPTION "Linux memory management simulated in user space
The mmkit command runs scenario scripts on a simulated machine whose page
tables, TLBs, faults, fork/COW, GUP pins, madvise and device memory work
as Linux's do. It compares page-table lifetime policies side by side,
hunts races (random stress and an exhaustive interleaving explorer),
compares scripts with the host kernel, records real programs as scripts,
benchmarks, and draws HTML reports.")

set(CPACK_DEBIAN_LIB_PACKAGE_NAME libmmkit0)
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_LIB_DESCRIPTION "Linux memory management simulated in user space - library
libmmkit is Linux's page-table protocols implemented in user-space C: a
frame pool with struct page, x86-64 4-level page tables with split locks,
RCU, simulated CPUs with TLBs and shootdowns, faults, fork/COW, GUP,
mprotect, mremap, madvise and device memory, safe from many threads.
This package has the shared library.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libmmkit-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# mmkit.pc requires liburcu-memb.pc (for static links): liburcu-dev has it.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "liburcu-dev")
set(CPACK_COMPONENT_DEV_DEPENDS lib)
set(CPACK_DEBIAN_DEV_DESCRIPTION "Linux memory management simulated in user space - development files
libmmkit is Linux's page-table protocols implemented in user-space C.
This package has the headers, the static library and the pkg-config
file (pkg-config --cflags --libs mmkit).")

include(CPack)
