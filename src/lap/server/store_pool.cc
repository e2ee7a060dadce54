#include "lap/server/store_pool.h"

#include <algorithm>

namespace lap::server {

StorePool::StorePool(Opener opener, int size)
    : opener_(std::move(opener)), size_(std::max(1, size)) {}

StorePool::Lease::~Lease() {
  if (pool_ != nullptr && store_) pool_->give_back(std::move(store_));
}

Result<StorePool::Lease> StorePool::lease() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return !idle_.empty() || opened_ < size_; });
  if (!idle_.empty()) {
    auto store = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(store));
  }
  ++opened_;
  lock.unlock();
  auto opened = opener_();
  if (!opened) {
    lock.lock();
    --opened_;
    available_.notify_one();
    return std::unexpected(opened.error());
  }
  return Lease(this, std::move(*opened));
}

void StorePool::give_back(std::unique_ptr<store::Store> store) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(store));
  }
  available_.notify_one();
}

}  // namespace lap::server
