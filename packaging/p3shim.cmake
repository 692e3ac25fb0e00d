# CMake toolchain file for WASIp3 through p3shim's static shim:
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=<prefix>/share/p3shim/p3shim.cmake -B build
#
# Executables are WASIp3 command components (`.wasm`), compiled and linked by p3shim-cc,
# which honours WASI_SDK_PATH or uses Debian's clang-22 + wasi-libc.
get_filename_component(P3SHIM_PREFIX "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER "${P3SHIM_PREFIX}/bin/p3shim-cc")
# Read after CMake's platform defaults, which would reset the executable suffix.
set(CMAKE_USER_MAKE_RULES_OVERRIDE "${CMAKE_CURRENT_LIST_DIR}/p3shim-rules.cmake")

# Static libraries need an archiver that indexes wasm objects.
if(DEFINED ENV{WASI_SDK_PATH})
  set(CMAKE_AR "$ENV{WASI_SDK_PATH}/bin/llvm-ar" CACHE FILEPATH "wasm archiver")
  set(CMAKE_RANLIB "$ENV{WASI_SDK_PATH}/bin/llvm-ranlib" CACHE FILEPATH "wasm ranlib")
else()
  find_program(P3SHIM_AR NAMES llvm-ar-22 llvm-ar REQUIRED)
  find_program(P3SHIM_RANLIB NAMES llvm-ranlib-22 llvm-ranlib REQUIRED)
  set(CMAKE_AR "${P3SHIM_AR}" CACHE FILEPATH "wasm archiver")
  set(CMAKE_RANLIB "${P3SHIM_RANLIB}" CACHE FILEPATH "wasm ranlib")
endif()

# Look for headers and libraries in the wasm sysroot and p3shim, programs on the host.
set(CMAKE_FIND_ROOT_PATH "${P3SHIM_PREFIX}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
