#include "docs/france_map.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>

namespace relais::embedded {
extern const std::string_view kDepartementsTopoJson;
}

namespace relais::docs {
namespace {

namespace json = boost::json;

std::vector<DepartmentShape> decode(std::string_view text) {
  const json::value doc = json::parse(text);
  const json::object& topo = doc.as_object();
  // The transform of a quantized topology: positions are integers, delta-encoded along each
  // arc, scaled and translated back to degrees.
  double sx = 1, sy = 1, tx = 0, ty = 0;
  bool quantized = false;
  if (const auto* t = topo.if_contains("transform")) {
    const auto& scale = t->at("scale").as_array();
    const auto& translate = t->at("translate").as_array();
    sx = scale.at(0).to_number<double>();
    sy = scale.at(1).to_number<double>();
    tx = translate.at(0).to_number<double>();
    ty = translate.at(1).to_number<double>();
    quantized = true;
  }
  std::vector<Ring> arcs;
  for (const auto& a : topo.at("arcs").as_array()) {
    Ring arc;
    double x = 0, y = 0;
    for (const auto& pos : a.as_array()) {
      const auto& p = pos.as_array();
      const double px = p.at(0).to_number<double>(), py = p.at(1).to_number<double>();
      if (quantized) {
        x += px;
        y += py;
        arc.emplace_back(x * sx + tx, y * sy + ty);
      } else {
        arc.emplace_back(px, py);
      }
    }
    arcs.push_back(std::move(arc));
  }
  // A ring is its arcs joined, each after the first without its first point (the previous
  // arc's last).
  auto ring_of = [&](const json::array& indexes) {
    Ring ring;
    for (const auto& v : indexes) {
      const std::int64_t i = v.to_number<std::int64_t>();
      const std::size_t k = static_cast<std::size_t>(i < 0 ? ~i : i);
      if (k >= arcs.size()) throw std::runtime_error("topojson: arc out of range");
      Ring arc = arcs[k];
      if (i < 0) std::reverse(arc.begin(), arc.end());
      ring.insert(ring.end(), arc.begin() + (ring.empty() ? 0 : 1), arc.end());
    }
    return ring;
  };
  auto polygon_of = [&](const json::array& rings) {
    std::vector<Ring> polygon;
    for (const auto& r : rings) polygon.push_back(ring_of(r.as_array()));
    return polygon;
  };
  std::vector<DepartmentShape> out;
  for (const auto& g : topo.at("objects").at("d").at("geometries").as_array()) {
    const json::object& geometry = g.as_object();
    const json::object& properties = geometry.at("properties").as_object();
    DepartmentShape shape{std::string(properties.at("code").as_string()),
                          std::string(properties.at("name").as_string()),
                          {}};
    const std::string_view type = geometry.at("type").as_string();
    if (type == "Polygon") {
      shape.polygons.push_back(polygon_of(geometry.at("arcs").as_array()));
    } else if (type == "MultiPolygon") {
      for (const auto& p : geometry.at("arcs").as_array()) {
        shape.polygons.push_back(polygon_of(p.as_array()));
      }
    }
    out.push_back(std::move(shape));
  }
  return out;
}

struct Box {
  double x0 = std::numeric_limits<double>::max(), y0 = std::numeric_limits<double>::max();
  double x1 = std::numeric_limits<double>::lowest(), y1 = std::numeric_limits<double>::lowest();
  void add(double x, double y) {
    x0 = std::min(x0, x);
    y0 = std::min(y0, y);
    x1 = std::max(x1, x);
    y1 = std::max(y1, y);
  }
};

// A projection: longitude shrunk by the cosine of the area's mean latitude (an equirectangular
// projection true at that latitude, close to a conic one over an area as small as France),
// then scaled into a box with north up.
class Projection {
 public:
  Projection(const std::vector<const DepartmentShape*>& shapes, double x, double y, double width,
             double height) {
    Box lonlat;
    for (const auto* s : shapes) {
      for (const auto& polygon : s->polygons) {
        for (const auto& [lon, lat] : polygon.front()) lonlat.add(lon, lat);
      }
    }
    constexpr double kPi = 3.14159265358979323846;
    k_ = std::cos((lonlat.y0 + lonlat.y1) / 2 * kPi / 180);
    lon0_ = lonlat.x0;
    lat1_ = lonlat.y1;
    const double w = (lonlat.x1 - lonlat.x0) * k_, h = lonlat.y1 - lonlat.y0;
    scale_ = std::min(width / w, height / h);
    // Centred in the box.
    ox_ = x + (width - w * scale_) / 2;
    oy_ = y + (height - h * scale_) / 2;
  }
  std::pair<double, double> operator()(double lon, double lat) const {
    return {ox_ + (lon - lon0_) * k_ * scale_, oy_ + (lat1_ - lat) * scale_};
  }

 private:
  double k_ = 1, lon0_ = 0, lat1_ = 0, scale_ = 1, ox_ = 0, oy_ = 0;
};

void draw_shapes(cairo_t* cr, const std::vector<const DepartmentShape*>& shapes,
                 const Projection& project, const Paint& paint) {
  for (const auto* s : shapes) {
    cairo_new_path(cr);
    for (const auto& polygon : s->polygons) {
      for (const auto& ring : polygon) {
        for (std::size_t i = 0; i < ring.size(); ++i) {
          const auto [px, py] = project(ring[i].first, ring[i].second);
          if (i == 0) {
            cairo_move_to(cr, px, py);
          } else {
            cairo_line_to(cr, px, py);
          }
        }
        cairo_close_path(cr);
      }
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_save(cr);
    paint(cr, s->code);
    cairo_restore(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.35);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
  }
}

}  // namespace

const std::vector<DepartmentShape>& department_shapes() {
  static const std::vector<DepartmentShape> shapes = decode(embedded::kDepartementsTopoJson);
  return shapes;
}

void draw_france(cairo_t* cr, double x, double y, double width, double height, const Paint& paint) {
  static constexpr std::string_view kInsets[] = {"971", "972", "973", "974", "976"};
  const auto& all = department_shapes();
  std::vector<const DepartmentShape*> metropolitan;
  for (const auto& s : all) {
    if (!s.code.starts_with("97")) metropolitan.push_back(&s);
  }
  // The insets: a column of five boxes on the left, a fifth of the width.
  const double gap = 2.0;
  const double inset_w = width * 0.2;
  const double inset_h = (height - 4 * gap) / 5;
  for (std::size_t i = 0; i < std::size(kInsets); ++i) {
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const DepartmentShape& s) { return s.code == kInsets[i]; });
    if (it == all.end()) continue;
    const double bx = x, by = y + static_cast<double>(i) * (inset_h + gap);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, bx, by, inset_w, inset_h);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 5.5);
    cairo_move_to(cr, bx + 1.5, by + inset_h - 1.5);
    cairo_show_text(cr, it->code.c_str());  // the INSEE code: digits, no shaping needed
    cairo_restore(cr);
    const std::vector<const DepartmentShape*> one = {&*it};
    const double pad = 3.0;
    draw_shapes(cr, one, Projection(one, bx + pad, by + pad, inset_w - 2 * pad, inset_h - 2 * pad),
                paint);
  }
  const double mx = x + inset_w + 4 * gap;
  draw_shapes(cr, metropolitan, Projection(metropolitan, mx, y, x + width - mx, height), paint);
}

}  // namespace relais::docs
