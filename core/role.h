// The two sides of a notebook.
#pragma once

#include <optional>
#include <string_view>

namespace rapport::core {

enum class Role : std::uint8_t { kTherapist = 1, kClient = 2 };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

}  // namespace rapport::core
