// Database connections for the server's threads. A `Store` is used by one
// thread at a time (store.h), so a request leases one for its duration.
// Connections are opened on demand up to `size`; a lease waits when all are
// in use.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "lap/core/error.h"
#include "lap/store/store.h"

namespace lap::server {

class StorePool {
 public:
  using Opener = std::function<Result<std::unique_ptr<store::Store>>()>;

  StorePool(Opener opener, int size);
  StorePool(const StorePool&) = delete;
  StorePool& operator=(const StorePool&) = delete;

  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<store::Store> store)
        : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };

  // A connection for this thread until the lease ends; an error when a new
  // connection cannot be opened.
  Result<Lease> lease();

 private:
  void give_back(std::unique_ptr<store::Store> store);

  Opener opener_;
  int size_;
  int opened_ = 0;
  std::vector<std::unique_ptr<store::Store>> idle_;
  std::mutex mutex_;
  std::condition_variable available_;
};

}  // namespace lap::server
