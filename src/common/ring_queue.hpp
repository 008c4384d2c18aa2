// A FIFO over a power-of-two ring buffer that only grows. Unlike std::deque it stops allocating
// once it has reached the high-water mark, which keeps the per-event dispatch path allocation-free.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace cmnotify::detail {

template <typename T>
class RingQueue {
 public:
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  void push_back(T value) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = std::move(value);
    ++size_;
  }

  T pop_front() {
    T value = std::move(slots_[head_]);
    slots_[head_] = T{};
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
    return value;
  }

  // Drops every element but keeps the capacity.
  void clear() noexcept {
    while (size_ > 0) (void)pop_front();
    head_ = 0;
  }

  // Frees the storage too (after an unusually long backlog).
  void release() noexcept {
    clear();
    std::vector<T>().swap(slots_);
  }

  [[nodiscard]] std::size_t capacity() const noexcept { return slots_.size(); }

 private:
  void grow() {
    std::vector<T> bigger(slots_.empty() ? 16 : slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i)
      bigger[i] = std::move(slots_[(head_ + i) & (slots_.size() - 1)]);
    slots_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace cmnotify::detail
