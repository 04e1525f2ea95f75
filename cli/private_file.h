// Writing a file that holds what members wrote (e.g. the HTML review):
// readable and writable by its owner only, never left half-written.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

#include "base/result.h"

namespace rapport::cli {

// Writes `bytes` to `path` with permissions 0600: first to a file with no name
// in the same folder, which takes the name when whole, so `path` never names
// half a file and a process stopped while writing leaves nothing behind.
// (Where the file system has no unnamed files, a temporary name beside it.)
// Without `replace`, refuses an existing `path` (also a symbolic link) with
// kAlreadyExists and leaves it alone. With `replace`, the new file takes the
// old one's place, 0600 whatever the old file's permissions were. Where the
// file system has no hard links (FAT), a new file is written in place, and
// `write` may be called a second time for it.
// kInvalidArgument when the file cannot be created there (no such folder,
// permission denied, a directory); kIo when writing fails. On failure
// nothing is left behind.
Status WritePrivateFile(const std::filesystem::path& path, std::string_view bytes, bool replace);
// The same, with the bytes streamed by `write` as it makes them, so that a
// long page is never held in memory whole.
Status WritePrivateFile(const std::filesystem::path& path,
                        const std::function<void(std::ostream&)>& write, bool replace);

// For tests: what WritePrivateFile does where the folder cannot hold an
// unnamed file (O_TMPFILE), with a temporary name beside `path` instead.
Status WritePrivateFileViaNamedTemp(const std::filesystem::path& path,
                                    const std::function<void(std::ostream&)>& write, bool replace);

}  // namespace rapport::cli
