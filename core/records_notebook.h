// Records that found a notebook and its membership.
#pragma once

#include <string>

#include "core/codec.h"
#include "core/ids.h"
#include "core/role.h"

namespace rapport::core {

// The first event of every notebook, written by its creator.
// Longest notebook title and member name, in bytes of UTF-8.
inline constexpr std::size_t kMaxTitleSize = 200;
inline constexpr std::size_t kMaxNameSize = 100;

struct NotebookCreated {
  static constexpr std::uint16_t kType = 1;
  static constexpr std::string_view kName = "notebook.create";
  std::string title;
  std::string creator_name;
  Role creator_role = Role::kTherapist;
};

// Adds a device to the notebook (written by an existing member on pairing).
struct MemberAdded {
  static constexpr std::uint16_t kType = 2;
  static constexpr std::string_view kName = "member.add";
  AuthorId member;
  crypto::DhPublicKey noise_key{};
  Role role = Role::kClient;
  std::string name;
};

void EncodeFields(Writer& w, const NotebookCreated& r);
bool DecodeFields(Reader& r, NotebookCreated& out);
Status ValidateFields(const NotebookCreated& r);

void EncodeFields(Writer& w, const MemberAdded& r);
bool DecodeFields(Reader& r, MemberAdded& out);
Status ValidateFields(const MemberAdded& r);

}  // namespace rapport::core
