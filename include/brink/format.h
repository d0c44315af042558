// Numbers as brink writes them in every file, table and message.
#ifndef BRINK_FORMAT_H_
#define BRINK_FORMAT_H_

#include <string>

namespace brink {

// `x` rounded to 15 significant digits: floating-point noise (0.9999999999999998 for a sum
// of exact probabilities that is 1, 0.014969999999999997 for 0.01497) goes, and no figure
// loses anything it carries (a Monte Carlo figure has at most 12 meaningful digits).
double RoundForOutput(double x);
// Shortest text that reads back as exactly RoundForOutput(x) ("0.125", "1e-07", "0.01497").
std::string FormatNumber(double x);

// A fraction as a percent with up to 3 significant digits: "4.87%", "0.0123%".
std::string FormatPercent(double fraction);

}  // namespace brink

#endif  // BRINK_FORMAT_H_
