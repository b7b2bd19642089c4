#include "services/common/statement_cache.h"

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace fieldservice::common {
namespace {

struct ConnectionStatements {
  int capacity = 0;
  uint64_t uses = 0;
  absl::flat_hash_map<std::string, std::unique_ptr<CachedStatement>> by_sql;
};

struct Registry {
  absl::Mutex mu;
  absl::flat_hash_map<sql::Connection*, std::unique_ptr<ConnectionStatements>> caches
      ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed: used until exit
  return *registry;
}

ConnectionStatements* CacheOf(sql::Connection* connection) {
  Registry& r = TheRegistry();
  absl::ReaderMutexLock lock(&r.mu);
  auto it = r.caches.find(connection);
  return it == r.caches.end() ? nullptr : it->second.get();
}

// Closes the least recently used statement that is not in use; false when
// every one is.
bool EvictLeastRecent(ConnectionStatements& cache) {
  auto oldest = cache.by_sql.end();
  for (auto it = cache.by_sql.begin(); it != cache.by_sql.end(); ++it) {
    if (it->second->busy) continue;
    if (oldest == cache.by_sql.end() || it->second->last_used < oldest->second->last_used) {
      oldest = it;
    }
  }
  if (oldest == cache.by_sql.end()) return false;
  cache.by_sql.erase(oldest);
  return true;
}

}  // namespace

void RegisterStatementCache(sql::Connection* connection, int capacity) {
  if (capacity <= 0) return;
  auto cache = std::make_unique<ConnectionStatements>();
  cache->capacity = capacity;
  Registry& r = TheRegistry();
  absl::MutexLock lock(&r.mu);
  r.caches[connection] = std::move(cache);
}

void ForgetStatementCache(sql::Connection* connection) {
  std::unique_ptr<ConnectionStatements> gone;
  {
    Registry& r = TheRegistry();
    absl::MutexLock lock(&r.mu);
    auto it = r.caches.find(connection);
    if (it == r.caches.end()) return;
    gone = std::move(it->second);
    r.caches.erase(it);
  }
  // Closing statements talks to the server: outside the registry's lock.
  gone.reset();
}

CachedStatement* TakeCachedStatement(sql::Connection& connection, const std::string& sql) {
  ConnectionStatements* cache = CacheOf(&connection);
  if (cache == nullptr) return nullptr;
  auto it = cache->by_sql.find(sql);
  if (it == cache->by_sql.end()) {
    if (static_cast<int>(cache->by_sql.size()) >= cache->capacity && !EvictLeastRecent(*cache)) {
      return nullptr;
    }
    auto entry = std::make_unique<CachedStatement>();
    entry->statement.reset(connection.prepareStatement(sql));
    it = cache->by_sql.emplace(sql, std::move(entry)).first;
  }
  CachedStatement* entry = it->second.get();
  if (entry->busy) return nullptr;
  entry->busy = true;
  entry->last_used = ++cache->uses;
  return entry;
}

}  // namespace fieldservice::common
