#include "core/organisation.hpp"

#include <algorithm>
#include <charconv>

#include "core/department.hpp"
#include "core/utf8.hpp"

namespace relais {
namespace {

constexpr size_t kMaxName = 200;
constexpr size_t kMaxAddress = 300;
constexpr size_t kMaxCommune = 100;
constexpr int kMaxCapacity = 100000;

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

// The trimmed value, or nullopt when absent or empty.
std::optional<std::string> present(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  std::string t = trim(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

// UTF-8 characters, not bytes, for length limits.
size_t utf8_length(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

struct Checker {
  std::vector<FieldError> errors;

  void add(std::string field, std::string value, std::string reason,
           std::vector<std::string> args = {}) {
    errors.push_back(
        field_error(std::move(field), std::move(value), std::move(reason), std::move(args)));
  }

  std::optional<std::string> text(const char* field, const std::optional<std::string>& raw,
                                  bool required, size_t max) {
    auto v = present(raw);
    if (!v) {
      if (required) add(field, "", "required");
      return std::nullopt;
    }
    if (utf8_length(*v) > max) {
      add(field, *v, "too_long", {std::to_string(max)});
      return std::nullopt;
    }
    return v;
  }
};

}  // namespace

OrganisationDraft OrganisationDraft::from(const Organisation& org) {
  OrganisationDraft d;
  d.kind = std::string(role_name(org.kind));
  d.name = org.name;
  d.code = org.code;
  d.structure_type = org.structure_type;
  if (org.capacity) d.capacity = std::to_string(*org.capacity);
  d.address = org.address;
  d.postcode = org.postcode;
  d.commune = org.commune;
  d.department = org.department;
  return d;
}

void OrganisationDraft::overlay(const OrganisationDraft& patch) {
  auto take = [](std::optional<std::string>& into, const std::optional<std::string>& from) {
    if (from) into = from;
  };
  take(kind, patch.kind);
  take(name, patch.name);
  take(code, patch.code);
  take(structure_type, patch.structure_type);
  take(capacity, patch.capacity);
  take(address, patch.address);
  take(postcode, patch.postcode);
  take(commune, patch.commune);
  take(department, patch.department);
}

OrganisationResult build_organisation(const OrganisationDraft& draft) {
  Checker check;
  Organisation org;

  auto kind_text = present(draft.kind);
  std::optional<Role> kind;
  if (!kind_text) {
    check.add("kind", "", "required");
  } else if (!(kind = parse_role(*kind_text))) {
    check.add("kind", *kind_text, "unknown_kind");
  }
  if (kind) org.kind = *kind;
  const bool structure = kind == Role::kStructure;

  if (auto name = check.text("name", draft.name, true, kMaxName)) org.name = *name;

  if (auto code = present(draft.code)) {
    bool ok = code->size() <= 20 && std::all_of(code->begin(), code->end(), [](char c) {
                return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
              });
    if (ok) {
      org.code = code;
    } else {
      check.add("code", *code, "bad_code");
    }
  }

  auto type = present(draft.structure_type);
  auto capacity = present(draft.capacity);
  if (structure) {
    if (!type) {
      check.add("structure_type", "", "required");
    } else if (auto it = std::find_if(kStructureTypes.begin(), kStructureTypes.end(),
                                      [&](std::string_view t) {
                                        return std::equal(
                                            t.begin(), t.end(), type->begin(), type->end(),
                                            [](char a, char b) {
                                              return std::tolower(static_cast<unsigned char>(a)) ==
                                                     std::tolower(static_cast<unsigned char>(b));
                                            });
                                      });
               it == kStructureTypes.end()) {
      check.add("structure_type", *type, "unknown_structure_type");
    } else {
      org.structure_type = std::string(*it);
    }
    if (!capacity) {
      check.add("capacity", "", "required");
    } else {
      int value = 0;
      auto [ptr, ec] =
          std::from_chars(capacity->data(), capacity->data() + capacity->size(), value);
      if (ec == std::errc::result_out_of_range) {
        check.add("capacity", *capacity, "out_of_range", {"1", std::to_string(kMaxCapacity)});
      } else if (ec != std::errc() || ptr != capacity->data() + capacity->size()) {
        check.add("capacity", *capacity, "not_a_number");
      } else if (value < 1 || value > kMaxCapacity) {
        check.add("capacity", *capacity, "out_of_range", {"1", std::to_string(kMaxCapacity)});
      } else {
        org.capacity = value;
      }
    }
  } else if (kind) {
    if (type) check.add("structure_type", *type, "only_for_structures");
    if (capacity) check.add("capacity", *capacity, "only_for_structures");
  }

  org.address = check.text("address", draft.address, structure, kMaxAddress);
  org.commune = check.text("commune", draft.commune, structure, kMaxCommune);

  if (auto postcode = present(draft.postcode)) {
    if (postcode->size() == 5 && std::all_of(postcode->begin(), postcode->end(),
                                             [](char c) { return c >= '0' && c <= '9'; })) {
      org.postcode = postcode;
    } else {
      check.add("postcode", *postcode, "bad_postcode");
    }
  } else if (structure) {
    check.add("postcode", "", "required");
  }

  if (auto dept = present(draft.department)) {
    if (auto found = find_department(*dept)) {
      org.department = found->code;
    } else {
      check.add("department", *dept, "unknown_department");
    }
  } else if (structure) {
    check.add("department", "", "required");
  }

  return {std::move(org), std::move(check.errors)};
}

}  // namespace relais
