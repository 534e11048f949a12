// Stand-in for martinus/unordered_dense (header-only, not packaged in Debian):
// the worker only uses map, set and hash, which the standard containers provide.
// Differences: slower, and iteration order is unspecified instead of insertion order.
#pragma once
#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace ankerl::unordered_dense {
// A class (not an alias) so that it can be specialised like the real one.
template <class T, class Enable = void> struct hash : std::hash<T> {};

template <class Key, class T, class Hash = hash<Key>, class KeyEqual = std::equal_to<Key>,
          class Allocator = std::allocator<std::pair<const Key, T>>>
using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

template <class Key, class Hash = hash<Key>, class KeyEqual = std::equal_to<Key>,
          class Allocator = std::allocator<Key>>
using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense
