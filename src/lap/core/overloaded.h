// `Overloaded{lambdas...}`: one visitor for std::visit made of several lambdas.
#pragma once

namespace lap {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

}  // namespace lap
