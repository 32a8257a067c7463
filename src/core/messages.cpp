// French and English texts for problem details and validation reasons.
#include "core/messages.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>

namespace relais {
namespace {

struct Texts {
  const char* fr;
  const char* en;
};

const std::unordered_map<std::string_view, Texts>& catalogue() {
  static const std::unordered_map<std::string_view, Texts> kTexts = {
      // Problem titles / details by code.
      {"not_authenticated", {"Connexion requise.", "You must log in."}},
      {"invalid_credentials",
       {"Adresse e-mail ou mot de passe incorrect.", "Wrong email address or password."}},
      {"too_many_attempts_one",
       {"Trop de tentatives de connexion. Réessayez dans {} seconde.",
        "Too many login attempts. Try again in {} second."}},
      {"too_many_attempts_other",
       {"Trop de tentatives de connexion. Réessayez dans {} secondes.",
        "Too many login attempts. Try again in {} seconds."}},
      {"cannot_disable_self",
       {"Vous ne pouvez pas désactiver votre propre compte.",
        "You cannot disable your own account."}},
      {"last_coordinator",
       {"C’est le dernier compte coordinateur actif : il ne peut pas être désactivé.",
        "This is the last enabled coordinator account: it cannot be disabled."}},
      {"session_required",
       {"Cette action demande une session ouverte dans le navigateur, pas un jeton d’API.",
        "This action needs a browser session, not an API token."}},
      {"password_changed_meanwhile",
       {"Le mot de passe a changé entre-temps : recommencez.",
        "The password changed meanwhile: try again."}},
      {"reset_link_unknown",
       {"Ce lien de réinitialisation n’existe pas, ou un lien plus récent l’a remplacé.",
        "This reset link does not exist, or a newer link replaced it."}},
      {"reset_link_gone",
       {"Ce lien de réinitialisation a déjà servi ou a expiré : demandez-en un nouveau.",
        "This reset link was already used or has expired: ask for a new one."}},
      {"session_expired", {"Votre session a expiré.", "Your session has expired."}},
      {"csrf_token_missing",
       {"En-tête X-CSRF-Token manquant pour une écriture.",
        "The X-CSRF-Token header is missing for a write."}},
      {"cross_origin",
       {"Requête refusée : elle vient d'un autre site ({}).",
        "Request refused: it comes from another site ({})."}},
      {"csrf_token_invalid", {"Jeton CSRF invalide.", "Invalid CSRF token."}},
      {"forbidden",
       {"Votre rôle ne permet pas cette action.", "Your role does not allow this action."}},
      {"not_found", {"{} introuvable.", "{} not found."}},
      {"route_not_found", {"Aucune ressource à l'adresse {}.", "No resource at {}."}},
      {"method_not_allowed",
       {"La méthode {} n'est pas permise ici.", "Method {} is not allowed here."}},
      {"malformed_json", {"JSON invalide : {}.", "Malformed JSON: {}."}},
      {"json_object_expected",
       {"Le corps doit être un objet JSON.", "The body must be a JSON object."}},
      {"body_too_large",
       {"Le corps de la requête dépasse {} octets.", "The request body exceeds {} bytes."}},
      {"unsupported_media_type", {"Type de contenu attendu : {}.", "Expected content type: {}."}},
      {"validation_failed_one", {"{} champ invalide.", "{} invalid field."}},
      {"validation_failed_other", {"{} champs invalides.", "{} invalid fields."}},
      {"import_failed_one",
       {"Fichier refusé : {} ligne en erreur, rien n'a été enregistré.",
        "File refused: {} bad line, nothing was stored."}},
      {"import_failed_other",
       {"Fichier refusé : {} lignes en erreur, rien n'a été enregistré.",
        "File refused: {} bad lines, nothing was stored."}},
      {"import_failed_listed",
       {"Fichier refusé : {} lignes en erreur, les {} premières sont listées ; rien "
        "n’a été enregistré.",
        "File refused: {} bad lines, the first {} listed; nothing was stored."}},
      {"too_many_connections",
       {"Le serveur a déjà {} connexions ouvertes : réessayez dans un instant.",
        "The server already has {} open connections: try again in a moment."}},
      {"server_busy",
       {"Le serveur reçoit déjà trop de données : réessayez dans un instant.",
        "The server is already receiving too much data: try again in a moment."}},
      {"bad_cursor", {"Curseur de pagination invalide.", "Invalid pagination cursor."}},
      {"bad_parameter", {"Paramètre {} invalide : {}.", "Invalid parameter {}: {}."}},
      {"constraint_violation",
       {"Conflit avec des données existantes ({}).", "Conflict with existing data ({})."}},
      {"database_error", {"Erreur de base de données.", "Database error."}},
      {"database_busy",
       {"La base de données est occupée par une autre écriture : réessayez dans un instant.",
        "The database is busy with another write: try again in a moment."}},
      {"key_file_required",
       {"Une base PostgreSQL demande le fichier de sa clé de chiffrement : donnez-le dans "
        "RELAIS_KEY_FILE (le même sur chaque serveur).",
        "A PostgreSQL database needs the file of its sealing key: name it in RELAIS_KEY_FILE "
        "(the same on every server)."}},
      {"database_not_empty",
       {"La base de données contient déjà des données : la démo ne s'installe que dans une base "
        "vide.",
        "The database already holds data: the demo only goes into an empty database."}},
      {"header_too_large", {"Les en-têtes dépassent {} octets.", "The headers exceed {} bytes."}},
      {"bad_request", {"Requête HTTP invalide : {}.", "Invalid HTTP request: {}."}},
      {"internal_error", {"Erreur interne du serveur.", "Internal server error."}},
      // Entity names for not_found.
      {"entity.organisation", {"Organisation", "Organisation"}},
      {"entity.user", {"Utilisateur", "User"}},
      {"entity.api_token", {"Jeton d’API", "API token"}},
      {"entity.sim", {"Carte SIM", "SIM card"}},
      {"entity.batch", {"Lot", "Batch"}},
      {"sim_transition_refused",
       {"{} impossible : la carte est {}.", "{} is not possible: the card is {}."}},
      // A card's states and moves, as a sentence names them ("la carte est {}").
      {"sim_state.in_stock", {"en stock", "in stock"}},
      {"sim_state.reserved", {"réservée", "reserved"}},
      {"sim_state.packed", {"dans un colis", "in a parcel"}},
      {"sim_state.in_transit", {"en transit", "in transit"}},
      {"sim_state.at_structure", {"à la structure", "at the structure"}},
      {"sim_state.handed_over", {"remise au résident", "handed to the resident"}},
      {"sim_state.active", {"active", "active"}},
      {"sim_state.suspended", {"suspendue", "suspended"}},
      {"sim_state.expired", {"expirée", "expired"}},
      {"sim_state.lost", {"perdue", "lost"}},
      {"sim_state.defective", {"défectueuse", "defective"}},
      {"sim_state.returned", {"retournée", "returned"}},
      {"sim_state.terminated", {"résiliée", "terminated"}},
      {"sim_transition.receive", {"Réception", "Receipt"}},
      {"sim_transition.reserve", {"Réservation", "Reservation"}},
      {"sim_transition.release", {"Libération", "Release"}},
      {"sim_transition.pack", {"Mise en colis", "Putting it in a parcel"}},
      {"sim_transition.unpack", {"Sortie du colis", "Taking it out of its parcel"}},
      {"sim_transition.ship", {"Expédition", "Shipping"}},
      {"sim_transition.deliver", {"Livraison", "Delivery"}},
      {"sim_transition.hand_over", {"Remise au résident", "Handing it to a resident"}},
      {"sim_transition.take_back", {"Reprise", "Taking it back"}},
      {"sim_transition.activate", {"Activation", "Activation"}},
      {"sim_transition.suspend", {"Suspension", "Suspension"}},
      {"sim_transition.reactivate", {"Réactivation", "Reactivation"}},
      {"sim_transition.expire", {"Expiration", "Expiry"}},
      {"sim_transition.declare_lost", {"Déclaration de perte", "Declaring it lost"}},
      {"sim_transition.declare_defective", {"Déclaration de défaut", "Declaring it defective"}},
      {"sim_transition.return", {"Retour", "Return"}},
      {"sim_transition.restock", {"Remise en stock", "Restocking"}},
      {"sim_transition.terminate", {"Résiliation", "Termination"}},
      {"entity.request", {"Demande", "Request"}},
      {"request_state.draft", {"brouillon", "draft"}},
      {"request_state.submitted", {"soumise", "submitted"}},
      {"request_state.endorsed", {"appuyée", "endorsed"}},
      {"request_state.approved", {"approuvée", "approved"}},
      {"request_state.partially_approved", {"approuvée en partie", "partially approved"}},
      {"request_state.rejected", {"refusée", "rejected"}},
      {"request_state.fulfilled", {"servie", "fulfilled"}},
      {"request_state.cancelled", {"annulée", "cancelled"}},
      {"request_transition.submit", {"soumettre", "submit"}},
      {"request_transition.endorse", {"appuyer", "endorse"}},
      {"request_transition.approve", {"approuver", "approve"}},
      {"request_transition.approve_partially", {"approuver en partie", "approve in part"}},
      {"request_transition.reject", {"refuser", "reject"}},
      {"request_transition.fulfil", {"déclarer servie", "fulfil"}},
      {"request_transition.cancel", {"annuler", "cancel"}},
      {"entity.referral", {"Orientation", "Referral"}},
      {"entity.resident", {"Résident", "Resident"}},
      {"entity.consent", {"Consentement", "Consent"}},
      {"entity.handover", {"Remise", "Handover"}},
      {"no_line",
       {"{} n’a pas de ligne en cours : remettez-lui d’abord une carte.",
        "{} holds no line: hand them a card first."}},
      {"resident_erased",
       {"{} a été effacé : plus rien ne s'enregistre pour cette personne.",
        "{} was erased: nothing more is recorded for this person."}},
      {"referral_has_resident",
       {"Cette orientation a déjà son résident ({}).",
        "This referral already has its resident ({})."}},
      {"unknown_referral",
       {"Orientation inconnue ou adressée à une autre structure.",
        "Unknown referral, or one sent to another structure."}},
      {"consent_already_given",
       {"Ce consentement ({}) est déjà donné ; pour en changer les termes, retirez-le puis "
        "recueillez-le à nouveau.",
        "This consent ({}) is already given; to change its terms, withdraw it and record it "
        "again."}},
      {"consent_purpose.line", {"la ligne", "the line"}},
      {"consent_purpose.follow_up", {"le suivi", "the follow-up"}},
      {"consent_purpose.testimony", {"le témoignage", "the testimony"}},
      {"consent_not_given",
       {"Ce consentement n'est plus en vigueur : il est {}.",
        "This consent is no longer in force: it is {}."}},
      {"consent_status.given", {"donné", "given"}},
      {"consent_status.withdrawn", {"retiré", "withdrawn"}},
      {"consent_status.expired", {"expiré", "expired"}},
      {"consent_missing",
       {"{} n'a pas donné son consentement pour {} : recueillez-le d'abord.",
        "{} has not consented to {}: record that consent first."}},
      // Lines in use (issue 12).
      {"entity.line", {"Ligne", "Line"}},
      {"entity.topup", {"Recharge", "Top-up"}},
      {"entity.line_incident", {"Incident de ligne", "Line incident"}},
      {"entity.programme", {"Programme", "Programme"}},
      {"entity.share_link", {"Lien de partage", "Share link"}},
      {"too_many_share_links",
       {"Déjà {} liens de partage ouverts pour ce programme\u202f: révoquez-en un d\u2019abord.",
        "Already {} share links open for this programme: revoke one first."}},
      // A programme's budget and results (issue 13).
      {"unknown_category",
       {"Poste de budget inconnu (cards, topups, shipping, devices, training, coordination).",
        "Unknown budget line (cards, topups, shipping, devices, training, coordination)."}},
      {"share_or_amount",
       {"Indiquez soit une part (share_bp), soit un montant (amount_cents), pas les deux.",
        "Give either a share (share_bp) or an amount (amount_cents), not both."}},
      {"shares_over_100",
       {"Les parts des financeurs d’un même budget dépassent 100 %.",
        "The funders’ shares of one budget add up to more than 100%."}},
      {"spent_counted",
       {"Relais compte lui-même les dépenses du poste {} : ne les saisissez pas.",
        "Relais counts the spending of the {} line itself: do not enter it."}},
      {"dates_reversed",
       {"Cette date précède la date de début.", "This date is before the start date."}},
      {"bad_iati_ref",
       {"Identifiant IATI invalide (lettres, chiffres, - _ . au plus 100).",
        "Invalid IATI identifier (letters, digits, - _ . at most 100)."}},
      {"iati_identifier_prefix",
       {"L’identifiant IATI de l’activité commence par celui de l’organisation ({}-).",
        "The activity’s IATI identifier starts with the organisation’s ({}-)."}},
      {"expiry_out_of_range",
       {"La date d’expiration doit être dans le futur, à {} jours au plus.",
        "The expiry date must be in the future, at most {} days ahead."}},
      {"topup_status.requested", {"demandée", "requested"}},
      {"topup_status.approved", {"approuvée", "approved"}},
      {"topup_status.confirmed", {"confirmée", "confirmed"}},
      {"topup_status.refused", {"refusée", "refused"}},
      {"line_incident_status.declared", {"déclaré", "declared"}},
      {"line_incident_status.block_requested", {"en attente du blocage", "waiting for the block"}},
      {"line_incident_status.blocked", {"ligne bloquée", "line blocked"}},
      {"line_incident_status.swap_requested",
       {"en attente du changement de carte", "waiting for the SIM swap"}},
      {"line_incident_status.replaced", {"ligne remplacée", "line replaced"}},
      {"plan_not_rechargeable",
       {"L'offre {} n'est pas rechargeable.", "Plan {} cannot be topped up."}},
      {"budget_exceeded",
       {"Budget de recharges du programme {} dépassé : il reste {} €, il en faudrait {} €.",
        "The top-up budget of programme {} would be exceeded: €{} left, €{} needed."}},
      {"line_not_active",
       {"La ligne {} n'est pas active ({}) : elle ne peut pas être rechargée.",
        "Line {} is not active ({}): it cannot be topped up."}},
      {"topup_under_way",
       {"Une recharge de la ligne {} est déjà en cours.", "A top-up of line {} is already under way."}},
      {"topup_decided", {"Cette recharge est déjà {}.", "This top-up is already {}."}},
      {"no_active_line",
       {"Aucune ligne active à recharger dans le programme {}.",
        "No active line to top up in programme {}."}},
      {"one_of_iccid_programme",
       {"Indiquez une carte ou un programme, pas les deux.",
        "Give a card or a programme, not both."}},
      {"incident_open",
       {"Un incident est déjà ouvert pour la carte {} (n° {}).",
        "An incident is already open for card {} (no. {})."}},
      {"incident_not_declared",
       {"Le blocage est déjà demandé : l'incident est {}.",
        "The block was already asked: the incident is {}."}},
      {"line_not_blocked",
       {"La ligne n'est pas encore bloquée par l'opérateur ({}) : attendez son compte rendu "
        "avant de la remplacer.",
        "The line is not blocked by the operator yet ({}): wait for its report before "
        "replacing it."}},
      {"other_programme",
       {"La carte {} relève d'un autre programme.", "Card {} belongs to another programme."}},
      {"other_operator",
       {"La carte {} est d'un autre opérateur : le numéro ne peut pas y être transféré.",
        "Card {} is another operator's: the number cannot move to it."}},
      {"unknown_mode", {"Mode de remplacement inconnu.", "Unknown replacement mode."}},
      {"number_pending",
       {"Le numéro de la carte {} n’est pas encore connu : il arrive avec l’activation par l’opérateur.",
        "The number of card {} is not known yet: it comes with the operator's activation."}},
      {"line_in_use",
       {"La carte {} est entre les mains d’un résident : déclarez la perte, le vol ou la panne depuis sa ligne.",
        "Card {} is in a resident's hands: declare its loss, theft or failure from their line."}},
      {"follow_up_done",
       {"Le suivi de la ligne de {} est déjà enregistré.",
        "The follow-up of {}'s line is already recorded."}},
      {"not_requested",
       {"Rien de tel n'a été demandé à l'opérateur pour cette carte ({}).",
        "Nothing like this was asked of the operator for this card ({})."}},
      {"msisdn_differs",
       {"La carte a déjà un autre numéro ({}).", "The card already has another number ({})."}},
      {"msisdn_in_report",
       {"Ce numéro est déjà donné à la ligne {} du compte rendu.",
        "This number is already given on line {} of the report."}},
      {"only_for_swap",
       {"Une nouvelle carte n'est attendue que pour un changement de carte (swapped).",
        "A new card is only expected for a SIM swap (swapped)."}},
      {"unknown_question", {"Question inconnue.", "Unknown question."}},
      {"unknown_option", {"Réponse inconnue.", "Unknown answer."}},
      {"list_expected", {"Liste attendue.", "A list is expected."}},
      {"boolean_expected", {"Oui ou non attendu.", "Yes or no expected."}},
      {"bad_answer", {"Réponse illisible.", "Unreadable answer."}},
      {"bad_question_id",
       {"Identifiant de question : lettres minuscules, chiffres et _ (30 au plus).",
        "Question id: lower-case letters, digits and _ (30 at most)."}},
      {"duplicate_question", {"Question en double.", "Duplicate question."}},
      {"unknown_question_kind",
       {"Type de question inconnu (choices, yes_no, scale, testimony).",
        "Unknown kind of question (choices, yes_no, scale, testimony)."}},
      {"unknown_incident_kind",
       {"Incident inconnu (lost, stolen, defective).", "Unknown incident (lost, stolen, defective)."}},
      {"options_count", {"Entre {} et {} réponses possibles.", "Between {} and {} options."}},
      {"options_not_allowed",
       {"Des réponses possibles seulement pour une question à choix.",
        "Options only for a choice question."}},
      {"one_testimony", {"Un seul témoignage par questionnaire.", "One testimony per survey."}},
      {"bad_option", {"Réponse possible mal formée.", "Malformed option."}},
      {"label_fr_missing", {"Libellé en français manquant.", "French label missing."}},
      {"bad_label", {"Libellé vide, trop long ou mal formé.", "Label empty, too long or malformed."}},
      {"not_json", {"JSON illisible.", "Unreadable JSON."}},
      {"sim_not_at_structure",
       {"La carte {} n'est pas dans votre structure, prête à être remise.",
        "Card {} is not at your structure, ready to be handed over."}},
      {"no_programme",
       {"La carte {} n'appartient à aucun programme.", "Card {} belongs to no programme."}},
      {"resident_has_line",
       {"{} a déjà une ligne de ce programme ({}).",
        "{} already has a line of this programme ({})."}},
      {"handover_ended",
       {"La carte {} a déjà été reprise.", "Card {} was already taken back."}},
      {"unknown_reason", {"Motif inconnu.", "Unknown reason."}},
      {"unknown_purpose", {"Finalité inconnue.", "Unknown purpose."}},
      {"unknown_method", {"Mode de recueil inconnu.", "Unknown method."}},
      {"control_characters",
       {"Caractères de contrôle non admis.", "Control characters are not allowed."}},
      {"no_puk", {"Aucun code PUK connu pour la carte {}.", "No PUK code known for card {}."}},
      {"sealed_value_unreadable",
       {"Une valeur chiffrée ne s'ouvre avec aucune clé : vérifiez le fichier de clés.",
        "A sealed value opens with no key: check the key file."}},
      {"entity.packing_order", {"Colis", "Parcel"}},
      {"entity.shipment", {"Expédition", "Shipment"}},
      {"entity.incident", {"Incident", "Incident"}},
      {"shipment_transition_refused",
       {"Action « {} » impossible : l'expédition est {}.", "Cannot {} a shipment that is {}."}},
      // A parcel's and a shipment's states and moves, as a sentence names them.
      {"packing_state.open", {"en préparation", "being packed"}},
      {"packing_state.packed", {"prêt à partir", "ready to go"}},
      {"packing_state.shipped", {"en route", "on its way"}},
      {"packing_state.delivered", {"livré", "delivered"}},
      {"packing_state.lost", {"perdu", "lost"}},
      {"packing_state.returned", {"retourné", "returned"}},
      {"shipment_state.prepared", {"prête à partir", "ready to go"}},
      {"shipment_state.shipped", {"en route", "on its way"}},
      {"shipment_state.delivered", {"livrée", "delivered"}},
      {"shipment_state.lost", {"perdue", "lost"}},
      {"shipment_state.returned", {"retournée", "returned"}},
      {"shipment_transition.ship", {"expédier", "ship"}},
      {"shipment_transition.return", {"retourner à l'expéditeur", "return to sender"}},
      {"shipment_transition.declare_lost", {"déclarer perdue", "declare lost"}},
      {"parcel_not_in_transit",
       {"Ce colis n'est pas en route (il est {}) : rien à confirmer.",
        "This parcel is not on its way (it is {}): nothing to confirm."}},
      {"incident_resolved", {"Incident déjà traité.", "Incident already resolved."}},
      {"incident_card_moved",
       {"La carte n'est plus en route (elle est {}) : l'incident ne peut qu'être classé.",
        "The card is no longer on its way (it is {}): the incident can only be set aside."}},
      {"card_in_parcel",
       {"Cette carte est dans le colis {} : elle suit le colis (remplacement au poste de colisage, "
        "perte ou retour de l'expédition, livraison).",
        "This card is in parcel {}: it moves with the parcel (replacement at the packing station, "
        "loss or return of the shipment, delivery)."}},
      {"cards_in_parcel",
       {"Des cartes de cette demande sont déjà dans un colis ({}) : le colis doit être traité "
        "d'abord.",
        "Cards of this request are already in a parcel ({}): the parcel must be dealt with "
        "first."}},
      {"too_many", {"Trop d'éléments (au plus {}).", "Too many items (at most {})."}},
      {"unknown_carrier", {"Transporteur inconnu.", "Unknown carrier."}},
      {"unknown_parcel", {"Colis inconnu.", "Unknown parcel."}},
      {"parcel_not_ready",
       {"Ce colis ne peut pas partir : il est {}, ou déjà dans une expédition.",
        "This parcel cannot leave: it is {}, or already in a shipment."}},
      {"other_sender",
       {"Tous les colis d'une expédition partent du même expéditeur.",
        "All the parcels of a shipment leave from the same sender."}},
      {"bad_tracking_url",
       {"Adresse http ou https contenant {tracking} attendue.",
        "An http or https address containing {tracking} is expected."}},
      {"count_differs_one",
       {"{} carte envoyée : si le nombre reçu diffère, scannez les cartes reçues.",
        "{} card sent: if the number received differs, scan the cards received."}},
      {"count_differs_other",
       {"{} cartes envoyées : si le nombre reçu diffère, scannez les cartes reçues.",
        "{} cards sent: if the number received differs, scan the cards received."}},
      {"bad_iccid", {"Numéro ICCID illisible.", "Unreadable ICCID."}},
      {"bad_resolution", {"Décision attendue : {}.", "Expected decision: {}."}},
      // Documents that travel with a parcel.
      // The titles match the buttons that open them (web: packing.packing_list, packing.label).
      {"doc.packing_list", {"Bordereau de colisage {}", "Packing list {}"}},
      {"doc.label", {"Étiquette {}", "Label {}"}},
      {"doc.cards_count_one", {"{} carte SIM", "{} SIM card"}},
      {"doc.cards_count_other", {"{} cartes SIM", "{} SIM cards"}},
      {"doc.packed_by", {"préparé par {}", "packed by {}"}},
      {"doc.leaflets", {"Notices : {}", "Leaflets: {}"}},
      {"doc.scan_to_confirm",
       {"À la réception : scannez pour confirmer la livraison",
        "On receipt: scan to confirm the delivery"}},
      {"doc.page", {"page {} / {}", "page {} of {}"}},
      {"doc.recipient", {"DESTINATAIRE", "RECIPIENT"}},
      {"doc.sender", {"EXPÉDITEUR", "SENDER"}},
      {"order_not_open",
       {"Ce colis est fermé : on n'y scanne plus de carte.",
        "This parcel is closed: no more cards are scanned into it."}},
      {"scan_invalid",
       {"{} : numéro invalide, vérifiez la saisie.",
        "{}: invalid number, check what was typed or scanned."}},
      {"scan_unknown",
       {"{} : aucune carte connue sous ce numéro. Mettez-la de côté.",
        "{}: no known card has this number. Set it aside."}},
      {"scan_other_order",
       {"{} : cette carte n'est pas pour ce colis. Mettez-la de côté.",
        "{}: this card is not for this parcel. Set it aside."}},
      {"scan_already_packed",
       {"{} : carte déjà scannée dans ce colis.", "{}: card already scanned into this parcel."}},
      {"scan_wrong_state",
       {"{} : cette carte ne peut pas partir (déclarée défectueuse, perdue…). Mettez-la de côté.",
        "{}: this card cannot be sent (declared defective, lost…). Set it aside."}},
      {"order_incomplete_one",
       {"Colis incomplet : {} carte scannée sur {}.",
        "Parcel incomplete: {} card scanned out of {}."}},
      {"order_incomplete_other",
       {"Colis incomplet : {} cartes scannées sur {}.",
        "Parcel incomplete: {} cards scanned out of {}."}},
      {"not_in_order",
       {"{} : cette carte n'est pas à remplacer dans ce colis.",
        "{}: this card is not in this parcel, so there is nothing to replace."}},
      {"no_stock",
       {"Plus aucune carte {} en stock pour la remplacer.",
        "No {} card left in stock to replace it."}},
      {"unknown_logistics",
       {"Organisation logistique inconnue.", "Unknown logistics organisation."}},
      {"logistics_to_choose",
       {"Choisissez l'organisation logistique qui préparera les colis.",
        "Choose the logistics organisation that will pack the parcels."}},
      {"request_transition_refused",
       {"Action « {} » impossible : la demande est {}.",
        "Cannot {} a request that is {}."}},
      {"referral_transition_refused",
       {"Cette orientation ne peut plus être close : elle est {}.",
        "This referral can no longer be closed: it is {}."}},
      {"referral_status.open", {"ouverte", "open"}},
      {"referral_status.included", {"incluse dans une demande", "included in a request"}},
      {"referral_status.served", {"servie", "served"}},
      {"referral_status.closed", {"close", "closed"}},
      {"request_not_draft",
       {"Seule une demande en brouillon se modifie ; celle-ci est {}.",
        "Only a draft request can be edited; this one is {}."}},
      {"nothing_allocated",
       {"Aucune carte n'est réservée pour cette demande : rien à livrer.",
        "No card is reserved for this request: nothing to fulfil."}},
      {"allocation_changed",
       {"L'allocation a changé depuis l'aperçu (stock ou demandes) : relisez l'aperçu puis "
        "confirmez à nouveau.",
        "The allocation has changed since the preview (stock or requests): check the preview "
        "again, then confirm."}},
      {"allocation_empty",
       {"Rien à attribuer : aucune demande approuvée n'attend de cartes, ou le stock est vide.",
        "Nothing to allocate: no approved request is waiting for cards, or the stock is empty."}},
      {"unknown_programme", {"Programme inconnu.", "Unknown programme."}},
      {"already_used", {"Déjà utilisé.", "Already used."}},
      {"fixed_after_creation",
       {"Ne change plus après la création.", "Cannot change after creation."}},
      {"unknown_structure", {"Structure d'hébergement inconnue.", "Unknown hosting structure."}},
      {"referral_elsewhere",
       {"Cette orientation n'est pas adressée à votre structure ou n'est plus ouverte.",
        "This referral is not sent to your structure or is no longer open."}},
      {"capacity_unknown",
       {"La capacité de la structure n'est pas renseignée : demandez à la coordination de la "
        "compléter.",
        "The structure's capacity is not recorded: ask the coordination team to fill it in."}},
      {"over_capacity",
       {"Au-delà de la capacité de la structure ({}) : une fois ôtées les cartes détenues et pas "
        "encore remises ({}) et celles en route ou demandées par d'autres demandes en attente "
        "({}), il en reste au plus {}.",
        "Beyond the structure's capacity ({}): less the cards held and not yet handed over ({}) "
        "and those on their way or asked for by other waiting requests ({}), at most {} "
        "remain."}},
      {"cards_not_delivered_one",
       {"{} carte de cette demande n'est pas encore livrée (réservée, dans un colis ou en "
        "route) : la demande sera servie à la livraison.",
        "{} card of this request is not delivered yet (reserved, in a parcel or on its way): "
        "the request is fulfilled on delivery."}},
      {"cards_not_delivered_other",
       {"{} cartes de cette demande ne sont pas encore livrées (réservées, dans un colis ou en "
        "route) : la demande sera servie à la livraison.",
        "{} cards of this request are not delivered yet (reserved, in a parcel or on their "
        "way): the request is fulfilled on delivery."}},
      {"unknown_operator", {"Opérateur inconnu.", "Unknown operator."}},
      {"unknown_plan", {"Offre inconnue chez cet opérateur.", "Unknown plan for this operator."}},
      // Validation reasons.
      {"required", {"Ce champ est obligatoire.", "This field is required."}},
      {"too_long", {"Trop long (au plus {} caractères).", "Too long (at most {} characters)."}},
      {"unknown_kind",
       {"Type d'organisation inconnu (coordinator, funder, operator, logistics, liaison, "
        "structure, association).",
        "Unknown organisation kind (coordinator, funder, operator, logistics, liaison, "
        "structure, association)."}},
      {"unknown_structure_type",
       {"Type de structure inconnu (CADA, HUDA, CPH, CAES, PRAHDA, other).",
        "Unknown structure type (CADA, HUDA, CPH, CAES, PRAHDA, other)."}},
      {"not_a_number", {"Un nombre entier est attendu.", "A whole number is expected."}},
      {"out_of_range",
       {"La valeur doit être comprise entre {} et {}.", "The value must be between {} and {}."}},
      {"bad_postcode", {"Code postal invalide (5 chiffres).", "Invalid postcode (5 digits)."}},
      {"unknown_department",
       {"Code de département INSEE inconnu.", "Unknown INSEE department code."}},
      {"email_taken",
       {"Cette adresse e-mail est déjà utilisée.", "This email address is already used."}},
      {"bad_email", {"Adresse e-mail invalide.", "Invalid email address."}},
      {"wrong_password", {"Mot de passe actuel incorrect.", "Wrong current password."}},
      {"password_too_short",
       {"Le mot de passe doit contenir au moins {} caractères.",
        "The password must have at least {} characters."}},
      {"role_mismatch",
       {"Le rôle doit correspondre au type de l'organisation ({}).",
        "The role must match the organisation's kind ({})."}},
      {"kind_locked",
       {"Des comptes appartiennent à cette organisation : son type ne peut plus changer.",
        "Accounts belong to this organisation: its kind can no longer change."}},
      {"unknown_role", {"Rôle inconnu.", "Unknown role."}},
      {"unknown_organisation", {"Organisation inconnue.", "Unknown organisation."}},
      {"not_a_string", {"Une chaîne de caractères est attendue.", "A string is expected."}},
      {"unknown_field", {"Champ inconnu.", "Unknown field."}},
      {"not_an_object",
       {"Un objet JSON est attendu (besoin : nombre).", "A JSON object is expected (need: count)."}},
      {"only_for_structures",
       {"Ce champ ne concerne que les structures d'hébergement.",
        "This field applies to hosting structures only."}},
      {"bad_code",
       {"Code invalide (lettres majuscules, chiffres, - ou _ ; 20 au plus).",
        "Invalid code (capital letters, digits, - or _; at most 20)."}},
      {"unknown_column", {"Colonne inconnue.", "Unknown column."}},
      {"missing_column", {"Colonne obligatoire absente.", "Required column missing."}},
      {"duplicate_column", {"Colonne en double.", "Duplicate column."}},
      {"wrong_field_count_one", {"{} champ au lieu de {}.", "{} field instead of {}."}},
      {"wrong_field_count_other", {"{} champs au lieu de {}.", "{} fields instead of {}."}},
      {"unterminated_quote", {"Guillemet non fermé.", "Unterminated quote."}},
      {"not_utf8",
       {"Le fichier n'est pas en UTF-8 (enregistrez-le en « CSV UTF-8 »).",
        "The file is not UTF-8 (save it as \"CSV UTF-8\")."}},
      {"not_utf8_text", {"Texte illisible : UTF-8 attendu.", "Unreadable text: UTF-8 expected."}},
      {"code_taken",
       {"Ce code est déjà celui d'une autre organisation.",
        "This code already belongs to another organisation."}},
      // SIM files.
      {"secret_column",
       {"Colonne secrète refusée : Relais ne conserve jamais les secrets des cartes SIM (Ki, OPc, "
        "ADM, clés OTA). Retirez-la du fichier.",
        "Secret column refused: Relais never holds SIM secrets (Ki, OPc, ADM, OTA keys). Remove "
        "it from the file."}},
      {"bad_vendor_header",
       {"Ligne d'en-tête de fichier fabricant illisible.", "Unreadable vendor file header line."}},
      {"missing_quantity",
       {"Le fichier fabricant ne déclare pas de « Quantity ».",
        "The vendor file declares no \"Quantity\"."}},
      {"quantity_mismatch",
       {"La quantité déclarée ({}) diffère du nombre de lignes de cartes ({}).",
        "The declared quantity ({}) differs from the number of card lines ({})."}},
      {"iccid_not_digits", {"ICCID : chiffres attendus.", "ICCID: digits expected."}},
      {"iccid_bad_length",
       {"ICCID : 19 ou 20 chiffres attendus.", "ICCID: 19 or 20 digits expected."}},
      {"iccid_not_telecom",
       {"ICCID : doit commencer par 89 (télécommunications).",
        "ICCID: must start with 89 (telecommunications)."}},
      {"iccid_bad_check_digit",
       {"ICCID : chiffre de contrôle (Luhn) faux.", "ICCID: wrong check digit (Luhn)."}},
      {"wrong_operator",
       {"ICCID d'un autre opérateur que celui du lot.",
        "ICCID of an operator other than the batch's."}},
      {"msisdn_bad_msisdn", {"Numéro de téléphone invalide.", "Invalid phone number."}},
      {"msisdn_not_french",
       {"Numéro étranger ou d'outre-mer : un mobile de France métropolitaine est attendu.",
        "Foreign or overseas number: a mobile of metropolitan France is expected."}},
      {"msisdn_not_mobile",
       {"Ce numéro n'est pas un numéro de mobile.", "This number is not a mobile number."}},
      {"imsi_not_digits", {"IMSI : chiffres attendus.", "IMSI: digits expected."}},
      {"imsi_bad_length",
       {"IMSI : 14 ou 15 chiffres attendus.", "IMSI: 14 or 15 digits expected."}},
      {"imsi_wrong_country",
       {"IMSI : le code pays mobile doit être 208 (France).",
        "IMSI: the mobile country code must be 208 (France)."}},
      {"imsi_wrong_network",
       {"IMSI : code réseau d'un autre opérateur que celui du lot.",
        "IMSI: network code of an operator other than the batch's."}},
      {"bad_puk", {"PUK : 8 chiffres attendus.", "PUK: 8 digits expected."}},
      {"iccid_in_file",
       {"ICCID déjà présent plus haut dans ce fichier.", "ICCID already earlier in this file."}},
      {"msisdn_in_file",
       {"Numéro déjà présent plus haut dans ce fichier.", "Number already earlier in this file."}},
      {"iccid_known",
       {"Cette carte (ICCID) est déjà connue de Relais.",
        "This card (ICCID) is already known to Relais."}},
      {"msisdn_known",
       {"Ce numéro est déjà celui d'une carte connue de Relais.",
        "This number already belongs to a card known to Relais."}},
      {"file_of_other_batch",
       {"Ce fichier a déjà été importé (lot {}) pour un autre opérateur ou une autre offre.",
        "This file was already imported (batch {}) for another operator or plan."}},
      {"json_reports_expected",
       {"Une liste de rapports est attendue : un tableau JSON, ou un objet JSON dont « reports » "
        "est ce tableau.",
        "A list of reports is expected: a JSON array, or a JSON object whose \"reports\" is "
        "that array."}},
      {"json_object_expected_item", {"Un objet JSON est attendu.", "A JSON object is expected."}},
      {"not_a_boolean", {"Vrai ou faux attendu.", "True or false expected."}},
      {"unknown_transition", {"Transition inconnue.", "Unknown transition."}},
      {"iccid_in_report",
       {"Carte déjà nommée à la ligne {} de ce rapport.",
        "Card already named on line {} of this report."}},
      {"key_file_missing",
       {"Fichier de clé {} absent alors que la base contient des PUK chiffrés : restaurez-le.",
        "Key file {} is missing while the database holds sealed PUKs: restore it."}},
      {"bad_iccid_prefix",
       {"Préfixe d'émetteur ICCID : 5 à 7 chiffres commençant par 89.",
        "ICCID issuer prefix: 5 to 7 digits starting with 89."}},
      {"bad_phone",
       {"Numéro de téléphone : chiffres, espaces et « + », 30 au plus.",
        "Phone number: digits, spaces and \"+\", at most 30."}},
      {"bad_apn",
       {"Nom de point d'accès (APN) invalide : lettres, chiffres, points et tirets, 100 au plus.",
        "Invalid access point name (APN): letters, digits, dots and hyphens, at most 100."}},
      {"bad_mnc",
       {"Code réseau mobile (MNC) : 2 ou 3 chiffres.",
        "Mobile network code (MNC): 2 or 3 digits."}},
      {"not_a_list", {"Une liste de textes est attendue.", "A list of strings is expected."}},
      {"unknown_status",
       {"Statut inconnu (activated, suspended ou terminated).",
        "Unknown status (activated, suspended or terminated)."}},
      {"bad_date", {"Date invalide (AAAA-MM-JJ).", "Invalid date (YYYY-MM-DD)."}},
      {"iccid_unknown",
       {"Carte inconnue de Relais pour cet opérateur.",
        "Card unknown to Relais for this operator."}},
      {"illegal_transition",
       {"Impossible pour une carte {}.", "Not possible for a card that is {}."}},
      {"unknown_languages", {"Langue inconnue.", "Unknown language."}},
      {"unknown_needs", {"Besoin inconnu.", "Unknown need."}},
      {"repeated", {"Valeur répétée.", "Repeated value."}},
      // Allocation explanations.
      {"alloc_nothing_asked", {"Aucune carte demandée.", "No card requested."}},
      // The first argument counts: cards allocated, or requested when none is.
      {"alloc_full_one",
       {"{} carte attribuée, toute la demande : le stock {} suffit.",
        "{} card allocated, the whole request: the {} stock is enough."}},
      {"alloc_full_other",
       {"{} cartes attribuées, toute la demande : le stock {} suffit.",
        "{} cards allocated, the whole request: the {} stock is enough."}},
      {"alloc_none_one",
       {"Aucune carte sur {} demandée : le stock {} est épuisé avant ce niveau (score {}).",
        "No card of the {} requested: the {} stock ran out before this level (score {})."}},
      {"alloc_none_other",
       {"Aucune carte sur {} demandées : le stock {} est épuisé avant ce niveau (score {}).",
        "No card of the {} requested: the {} stock ran out before this level (score {})."}},
      {"alloc_share_one",
       {"{} carte sur {} demandées : part équitable selon le score {} ({} par point de score, "
        "niveau où le stock {} s'épuise).",
        "{} card of the {} requested: a fair share for score {} ({} per score point, the level "
        "where the {} stock runs out)."}},
      {"alloc_share_other",
       {"{} cartes sur {} demandées : part équitable selon le score {} ({} par point de score, "
        "niveau où le stock {} s'épuise).",
        "{} cards of the {} requested: a fair share for score {} ({} per score point, the level "
        "where the {} stock runs out)."}},
      {"empty_file", {"Le fichier est vide.", "The file is empty."}},
      {"no_rows", {"Aucune ligne de données.", "No data rows."}},
      {"duplicate_in_file",
       {"Même nom et même commune qu'à la ligne {}.", "Same name and town as line {}."}},
      {"name_taken",
       {"Une organisation porte déjà ce nom dans cette commune.",
        "An organisation with this name already exists in this town."}},
  };
  return kTexts;
}

}  // namespace

Lang lang_from_accept_language(std::string_view header) {
  // The highest q-value among the ranges naming fr or en wins; on a tie, the first listed.
  double best_q = 0.0;
  Lang best = Lang::kFr;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string range(header.substr(pos, end - pos));
    pos = end + 1;
    std::transform(range.begin(), range.end(), range.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    range.erase(std::remove(range.begin(), range.end(), ' '), range.end());
    double q = 1.0;
    if (size_t semi = range.find(";q="); semi != std::string::npos) {
      q = std::strtod(range.c_str() + semi + 3, nullptr);
      range.resize(semi);
    }
    std::optional<Lang> lang;
    if (range == "en" || range.starts_with("en-")) lang = Lang::kEn;
    if (range == "fr" || range.starts_with("fr-")) lang = Lang::kFr;
    if (lang && q > best_q) {
      best_q = q;
      best = *lang;
    }
  }
  return best;
}

bool singular(Lang lang, long long n) {
  return lang == Lang::kFr ? (n == 0 || n == 1 || n == -1) : (n == 1 || n == -1);
}

std::string message(std::string_view key, Lang lang, const std::vector<std::string>& args) {
  const auto& texts = catalogue();
  auto it = texts.find(key);
  if (it == texts.end() && !args.empty()) {
    long long n = 0;
    const std::string& count = args.front();
    const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
    const bool one = ec == std::errc() && end == count.data() + count.size() && singular(lang, n);
    it = texts.find(std::string(key) + (one ? "_one" : "_other"));
  }
  if (it == texts.end()) return std::string(key);
  std::string_view pattern = lang == Lang::kEn ? it->second.en : it->second.fr;
  std::string out;
  size_t next_arg = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}') {
      if (next_arg < args.size()) {
        // An argument that names an entity ("entity.user"), a state or a transition
        // ("request_state.approved", "sim_transition.pack") is itself translated.
        const std::string& arg = args[next_arg++];
        static constexpr std::string_view kNamed[] = {
            "entity.",         "request_state.",  "request_transition.",
            "referral_status.", "sim_state.",      "sim_transition.",
            "packing_state.",  "shipment_state.", "shipment_transition.",
            "consent_purpose.", "consent_status.", "topup_status.", "line_incident_status."};
        const bool named = std::any_of(std::begin(kNamed), std::end(kNamed),
                                       [&](std::string_view p) { return arg.starts_with(p); });
        out += named ? message(arg, lang) : arg;
      }
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

void localise(std::vector<FieldError>& errors, Lang lang) {
  for (auto& e : errors) e.message = message(e.reason, lang, e.args);
}

bool message_catalogue_complete() {
  const auto& all = catalogue();
  for (const auto& [key, texts] : all) {
    if (std::string_view(texts.fr).empty() || std::string_view(texts.en).empty()) return false;
    if (key.ends_with("_one") &&
        !all.contains(std::string(key.substr(0, key.size() - 4)) + "_other")) {
      return false;
    }
  }
  return true;
}

}  // namespace relais
