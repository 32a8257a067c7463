#include "core/error.hpp"

namespace relais {

bool LineErrors::first_seen(int line) {
  const auto at = static_cast<std::size_t>(std::max(line, 0));
  if (at >= seen_.size()) seen_.resize(std::max(at + 1, seen_.size() * 2));
  if (seen_[at]) return false;
  seen_[at] = true;
  first_line_ = std::min(first_line_, at);
  last_line_ = std::max(last_line_, at);
  return true;
}

void LineErrors::push_back(FieldError e) {
  ++added_;
  if (first_seen(e.line)) ++bad_lines_;
  auto it = listed_.find(e.line);
  if (it == listed_.end()) {
    // A line after the kListedLines first ones is only counted; a line before the last one
    // listed takes its place.
    if (listed_.size() >= kListedLines) {
      if (e.line > listed_.rbegin()->first) return;
      listed_.erase(std::prev(listed_.end()));
    }
    it = listed_.emplace(e.line, std::vector<FieldError>{}).first;
  }
  if (it->second.size() >= kErrorsPerLine) return;
  if (e.value.size() > kValueBytes) {
    // Cut at a character's start: the value is echoed in the report.
    std::size_t cut = kValueBytes;
    while (cut > 0 && (static_cast<unsigned char>(e.value[cut]) & 0xC0) == 0x80) --cut;
    e.value.resize(cut);
    e.value += "…";
  }
  it->second.push_back(std::move(e));
}

void LineErrors::merge(LineErrors&& other) {
  for (std::size_t line = other.first_line_; line <= other.last_line_ && line < other.seen_.size();
       ++line) {
    if (other.seen_[line] && first_seen(static_cast<int>(line))) ++bad_lines_;
  }
  added_ += other.added_;
  for (auto& [line, errors] : other.listed_) {
    for (auto& e : errors) {
      // Counted above: listed here without counting again.
      const std::size_t bad = bad_lines_, added = added_;
      push_back(std::move(e));
      bad_lines_ = bad;
      added_ = added;
    }
  }
  other = LineErrors{};
}

std::vector<FieldError> LineErrors::listed() const {
  std::vector<FieldError> out;
  for (const auto& [line, errors] : listed_) out.insert(out.end(), errors.begin(), errors.end());
  return out;
}

}  // namespace relais
