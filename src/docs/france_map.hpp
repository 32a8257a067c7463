// The departments of France drawn from the embedded TopoJSON (data/departements.topo.json):
// metropolitan France in a conic-like projection, the five overseas departments in insets.
// Private to docs.
#pragma once

#include <cairo.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace relais::docs {

// A ring of (longitude, latitude) points; a department is one or more polygons, each an outer
// ring and its holes.
using Ring = std::vector<std::pair<double, double>>;
struct DepartmentShape {
  std::string code, name;
  std::vector<std::vector<Ring>> polygons;
};

// The 101 departments, decoded once (quantized, delta-encoded arcs; a negative arc index is
// arc ~i reversed). Throws std::runtime_error when the embedded file is not what it should be.
const std::vector<DepartmentShape>& department_shapes();

// How to fill a department: called with the department's path current, it fills it as `code`
// should look and leaves the path current (cairo_fill_preserve, or the path appended again
// after a clip): the map strokes the borders afterwards. Called inside cairo_save/restore.
using Paint = std::function<void(cairo_t*, const std::string& code)>;

// Draws the map in the box (x, y, width, height): metropolitan France on the right, the
// insets of Guadeloupe, Martinique, Guyane, La Réunion and Mayotte stacked on the left.
void draw_france(cairo_t* cr, double x, double y, double width, double height, const Paint& paint);

}  // namespace relais::docs
