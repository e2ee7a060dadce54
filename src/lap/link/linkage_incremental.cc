// Incremental linking (Linker::set_base, linkage.h; docs/linking.md): which
// OCMW persons and VDAB clients changed since the base run, and the candidate
// pairs of a run that links only those.
//
// A person or client is CHANGED when one of its identities is new (a fresh
// record), when it lost a record (add_changed_*), or when a fresh identifier
// change touches its pseudonyms. The candidate pairs are then
//   - the pairs of the blocking rules with a changed side
//     (block_link_touching: the same blocks and caps as a full run), and the
//     pairs of one person by their pseudonyms with a changed side;
//   - for every pair (person, client) of the base run that mattered
//     (LinkBase::units) and whose person and client are both unchanged, all
//     their identity pairs: the identities are the ones the base run compared,
//     so blocking would find them again.
// A pair of an unchanged person and an unchanged client that did not matter
// in the base run cannot matter now (same identities, same model), except
// through the two things new records move: the block sizes (a block that grew
// past its cap) and the names' term frequencies. `lap link --full` redoes
// everything, the model included.
#include <algorithm>
#include <unordered_set>

#include "lap/link/linkage.h"

namespace lap::link {

void Linker::set_base(LinkBase base) {
  base_ = std::move(base);
}

void Linker::add_changed_person(const PersonRefBytes& ref) {
  changed_refs_.push_back(ref);
}

void Linker::add_changed_client(uint64_t client_id) {
  changed_client_ids_.push_back(client_id);
}

std::vector<std::pair<PersonRefBytes, uint64_t>> Linker::unit_refs() const {
  std::vector<std::pair<PersonRefBytes, uint64_t>> out;
  out.reserve(units_.size());
  for (const auto& [key, u] : units_) {
    if (!u.compared) continue;  // a reviewer's match never compared: the decision holds it
    out.emplace_back(person_ref(static_cast<uint32_t>(key >> 32)),
                     client_ids_[static_cast<uint32_t>(key)]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Linker::block_changed() {
  std::vector<bool> person_changed(person_count(), false);
  std::vector<bool> client_changed(client_count(), false);
  for (const Profile& p : left_) {
    if (p.fresh) person_changed[p.owner] = true;
  }
  for (const Profile& p : right_) {
    if (p.fresh) client_changed[p.owner] = true;
  }
  for (const PersonRefBytes& ref : changed_refs_) {
    if (auto p = person_of(ref)) person_changed[*p] = true;
  }
  for (uint64_t id : changed_client_ids_) {
    if (auto c = client_of(id)) client_changed[*c] = true;
  }
  std::unordered_set<int32_t> touched_roots;
  for (uint32_t node : fresh_change_nodes_)
    touched_roots.insert(static_cast<int32_t>(ref_root(node)));
  for (const Profile& p : left_) {
    if (touched_roots.contains(p.root)) person_changed[p.owner] = true;
  }
  for (const Profile& p : right_) {
    if (p.root >= 0 && touched_roots.contains(p.root)) client_changed[p.owner] = true;
  }
  counts_.changed_persons =
      static_cast<uint64_t>(std::count(person_changed.begin(), person_changed.end(), true));
  counts_.changed_clients =
      static_cast<uint64_t>(std::count(client_changed.begin(), client_changed.end(), true));

  std::vector<bool> left_marked(left_.size()), right_marked(right_.size());
  for (size_t l = 0; l < left_.size(); ++l)
    left_marked[l] = person_changed[left_[l].owner];
  for (size_t r = 0; r < right_.size(); ++r)
    right_marked[r] = client_changed[right_[r].owner];
  pairs_ =
      block_link_touching(left_keys_, right_keys_, left_marked, right_marked, options_.blocking);
  blocking_stats_.clear();
  add_pseudonym_pairs(&left_marked, &right_marked);

  // The base run's pairs of unchanged persons and clients, compared again.
  std::unordered_set<uint64_t> carried;
  for (const auto& [ref, client_id] : base_->units) {
    auto person = person_of(ref);
    auto client = client_of(client_id);
    if (!person || !client || person_changed[*person] || client_changed[*client]) continue;
    if (!carried.insert(unit_key(*person, *client)).second) continue;
    for (uint32_t l : person_profiles_[*person]) {
      for (uint32_t r : client_profiles_[*client])
        pairs_.push_back({l, r});
    }
  }
  counts_.carried_units = carried.size();
  counts_.pairs_compared = pairs_.size();
}

}  // namespace lap::link
