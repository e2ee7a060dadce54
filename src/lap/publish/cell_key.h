// The cell-key method (the perturbative alternative to cell suppression that
// ONS used for Census 2021 and ABS TableBuilder uses): every published count
// gets a small, random-looking but fixed noise instead of being hidden. The
// noise of a count is looked up with its *cell key* — the sum of the record
// keys of the units it counts, modulo 1 — in a perturbation table, so the same
// set of units always gets the same noise, wherever and however often it is
// published, and averaging repeated tables gains an attacker nothing.
//
// This is the method the linked suppression of protect.h was measured against
// (docs/indicators.md, "Keuze van de methode"; bench/protection.sh); the
// published views do not use it.
//
// The perturbation table (max noise 2, variance 1, unbiased): a count of 0
// stays 0; a count of 1 becomes 0, 1, 2 or 3 with probabilities .45, .15,
// .35, .05; a count n >= 2 becomes n-2 .. n+2 with probabilities .05, .30,
// .30, .30, .05.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "lap/measure/inner.h"
#include "lap/publish/publication.h"

namespace lap::publish {

// The published value of a count `n` whose units' record keys sum to `key`
// (modulo 2^32).
int64_t perturb(int64_t n, uint32_t key);

// Every cell of `blocks` (OCMWs and the areas of areas.h), each count
// perturbed by its own cell key: the same cells roll_up() gives, in its order.
std::vector<PublishedFigure> perturbed_cells(std::span<const measure::InnerBlock> blocks,
                                             const geo::Registry& registry);

}  // namespace lap::publish
