// The documents a resident receives, in their language (src/docs/po): the leaflet handed over
// with a line (A5), the information notice read before consent (A4), and the export of what
// Relais holds on them (A4). Plain data in, PDF bytes out; every word comes from the language's
// catalogue (English when it lacks one), data (numbers, names, dates) is printed as given.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace relais::docs {

struct LeafletData {
  std::string lang;  // one of the 20 codes of core/needs.hpp languages()
  std::string pseudonym, structure_name;
  std::string msisdn;  // E.164, printed grouped: "+33 6 12 34 56 78"
  std::optional<std::string> pin, puk, apn, helpline;  // absent: the block shows only its note
  int data_gb = 0;                                     // 0: no data line
  bool calls_sms_included = false;
  std::string ends_on;  // "2027-06-05", printed as the language writes dates; empty: not printed
  int retention_days = 180;
};

// One A5 portrait page, whatever the language: the text is made smaller until it fits.
std::string leaflet_pdf(const LeafletData& data);

struct NoticeData {
  std::string lang, version, programme_name, coordinator_name, structure_name;
  int retention_days = 180;
};

// A4: one page when a slightly smaller text makes it fit, more beyond (Urdu's Nastaliq: two).
std::string notice_pdf(const NoticeData& data);

struct ExportData {
  std::string lang, pseudonym;
  std::string printed_on;  // "2027-06-05"
  int household_size = 1, children = 0;
  // Codes: languages shown by their own names (core/needs.hpp), needs through the catalogue.
  std::vector<std::string> languages, needs;
  std::optional<std::string> first_name, contact;  // absent: "Not recorded"
  struct Consent {
    std::string purpose;  // line | follow_up | testimony
    std::string status;   // given | withdrawn | expired
    std::string given_on;
    std::optional<std::string> ended_on;  // when withdrawn or expired
  };
  std::vector<Consent> consents;
  struct Line {
    std::string msisdn, handed_over_on;
    std::optional<std::string> taken_back_on;
  };
  std::vector<Line> lines;
};

// A4, as many pages as the consents and lines need.
std::string export_pdf(const ExportData& data);

}  // namespace relais::docs
