#include "core/role.h"

namespace rapport::core {

std::string_view RoleName(Role role) { return role == Role::kTherapist ? "therapist" : "client"; }

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "therapist") return Role::kTherapist;
  if (name == "client") return Role::kClient;
  return std::nullopt;
}

}  // namespace rapport::core
