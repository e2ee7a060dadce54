// The health of a store's connection: what the server's pool and its /healthz
// monitor ask before they trust a long-lived connection. Nothing here reads or
// writes data; a fake that can fail is enough to test what depends on it
// (server/database_monitor_test.cc).
#pragma once

#include "lap/core/error.h"

namespace lap::store {

class StoreHealth {
 public:
  virtual ~StoreHealth() = default;

  // The highest applied migration (0 for a new database); an error (kIo) when
  // the database cannot be reached.
  virtual Result<int> schema_version() = 0;
  // A round trip to the database; an error (kIo) when it cannot be reached.
  virtual Status ping() = 0;
  // Whether the connection is known to be lost (a PostgreSQL connection
  // after a failed round trip); such a store is thrown away, not reused.
  virtual bool connection_lost() const = 0;
};

}  // namespace lap::store
