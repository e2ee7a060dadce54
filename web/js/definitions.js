// The Dutch definitions of the indicators, quoted word for word from docs/indicators.md
// (tests/browser/definitions.test.mjs checks that every quote still appears there).
export const DEFINITIONS = {
  reach: {
    title: "Bereik",
    text: "Het aandeel leefloners van het OCMW in een maand dat in die maand bij VDAB ingeschreven is, in eender welke categorie. De noemer telt elke persoon die in de maand een leefloon (`LL`) of equivalent leefloon (`ELL`) van dit OCMW heeft; heeft iemand in dezelfde maand een leefloon bij twee OCMW's, dan telt alleen het recht dat het laatst begon. De teller telt wie van hen in die maand op minstens één dag bij VDAB ingeschreven is. Apart berekend voor `LL` en `ELL`.",
  },
  reach_indicative: {
    title: "Indicatief bereik",
    text: "Het bereik zoals VDAB het vandaag publiceert, zonder koppeling van personen: het aantal personen met een VDAB-inschrijving in categorie 05 die aan dit OCMW is toegewezen, plus het aantal personen dat in de maand een TWE-OCMW-traject bij dit OCMW volgt, gedeeld door het aantal leefloners van het OCMW in die maand. Omdat het een som van twee tellingen is, kan iemand twee keer meetellen en kan het cijfer boven 100% uitkomen; het verschil met het echte bereik toont wat de koppeling oplevert.",
  },
  lap_result: {
    title: "LAP-resultaat",
    text: "Het aantal personen met een duurzame uitstroom naar werk (binnen vier maanden drie maanden aan het werk) die begint in de projectperiode van de oproep, die in de startmaand of de maand ervoor leefloner waren en in de startmaand of de maand ervoor bij VDAB ingeschreven waren. Iedereen telt één keer per oproep, bij de vroegste startmaand die aan de voorwaarden voldoet, en voor één OCMW: dat van de startmaand, of van de maand ervoor als de persoon in de startmaand geen leefloner meer was. Bevestigde en nog lopende (voorlopige) uitstromen worden apart gemeld.",
  },
  outflow_rate: {
    title: "Duurzame uitstroom naar werk",
    text: "Van de leefloners van het OCMW in de eerste maand van een venster van twaalf maanden: het aandeel dat binnen dat venster duurzaam uitstroomt naar werk, dat wil zeggen in een maand begint te werken en binnen vier maanden drie maanden aan het werk is. Een uitstroom die nog niet bevestigd kan worden omdat de gegevens te vroeg stoppen, telt als voorlopig. De variant VDAB beperkt zich tot leefloners die in de eerste maand bij VDAB ingeschreven waren. Dit is een vaststelling, niet de drempel van het Lokaal Activeringspact (een beleidskeuze).",
  },
  cat05_outflow: {
    title: "Uitstroom na instroom categorie 05",
    text: "Van de personen wier inschrijving bij VDAB als OCMW-klant (categorie 05) in het kwartaal begint: het aandeel dat in de twaalf maanden na de maand van inschrijving minstens één maand aan het werk is. Wie in het kwartaal meerdere zulke inschrijvingen heeft, telt één keer, bij de vroegste, en voor het OCMW waaraan die inschrijving is toegewezen. Wie nog niet aan het werk was maar van wie nog geen volle twaalf maanden gegevens zijn, telt als voorlopig.",
  },
  twe_active: {
    title: "TWE-OCMW (actief)",
    text: "Het aantal personen dat in de maand een traject tijdelijke werkervaring (TWE-OCMW, het vroegere artikel 60 §7) volgt dat door dit OCMW georganiseerd wordt, ook uitgedrukt als percentage van het aantal leefloners van het OCMW in die maand.",
  },
  twe_exit: {
    title: "TWE-OCMW (uitstroom)",
    text: "Van de TWE-OCMW-trajecten van het OCMW die in het kwartaal eindigen: het aandeel waarvan de persoon drie maanden na het einde aan het werk is; het aandeel dat in de twaalf maanden na het einde minstens één maand werkt; het aandeel dat duurzaam aan het werk is, dat wil zeggen op elk meetmoment (3, 6, 9 en 12 maanden na het einde); en na drie maanden de opsplitsing in werknemers en zelfstandigen. Een contract artikel 60 telt standaard niet als werk. Trajecten waarvan de meetmomenten nog niet in de gegevens zitten, tellen als voorlopig.",
  },
  wijk_werken: {
    title: "Wijk-werken",
    text: "Van de wijk-werktrajecten van nieuwe instroom die dit OCMW (de organisator) in het kwartaal afsluit: het aandeel waarvan de persoon in de drie maanden na het einde minstens één maand aan het werk is, en het aandeel trajecten dat in de tijd overlapt met werkplekleren (een IBO of een stage) van dezelfde persoon. Trajecten waarvan de drie maanden nog niet in de gegevens zitten, tellen voor werk als voorlopig.",
  },
  se_throughput: {
    title: "Doorstroom sociale economie",
    text: "Van de trajecten lokale diensteneconomie (LDE) of collectief maatwerk die dit OCMW of deze gemeente organiseert en die in het kwartaal eindigen: het aandeel waarvan de persoon drie maanden na het einde als werknemer in de reguliere economie werkt (een werkgever van het soort NEC). Werk in de sociale economie, de publieke sector, een contract artikel 60 of als zelfstandige telt hier niet mee. Trajecten waarvan die maand nog niet in de gegevens zit, tellen als voorlopig.",
  },
  ukrainian_reach: {
    title: "Bereik Oekraïners",
    text: "Het aandeel ontheemde Oekraïners met een equivalent leefloon (`ELL`) van het OCMW in de maand dat in die maand bij VDAB ingeschreven is. Het leefloon dat de persoon in die maand aan het OCMW bindt (bij meerdere: het laatst begonnen recht) moet een equivalent leefloon met de vlag \"Oekraïens\" zijn.",
  },
  handover_lead_time: {
    title: "Warme overdrachten en hun doorlooptijd",
    text: "De warme overdrachten van de regie die in de maand beslist werden, bij het OCMW van het dossier: het aandeel dat aanvaard werd, en de mediane doorlooptijd van voorstel tot beslissing.",
  },
  transmissions_in_time: {
    title: "Doormeldingen tijdig beantwoord",
    text: "Van de doormeldingen van VDAB aan het OCMW waarvan de antwoordtermijn in de maand afloopt: het aandeel dat het OCMW uiterlijk op de laatste dag van de termijn beantwoordde. Een doormelding zonder antwoord waarvan de termijn nog loopt, telt als voorlopig en niet in de noemer.",
  },
  leefloners_with_action: {
    title: "Leefloners met een afgesproken actie",
    text: "Het aandeel leefloners van het OCMW in de maand voor wie in een dossier bij dat OCMW uiterlijk op de laatste dag van de maand een actie werd afgesproken die niet geannuleerd is.",
  },
  transitions: {
    title: "Transities",
    text: "Een kruistabel van de sociaal-economische positie van personen in een beginmaand tegenover hun positie in een eindmaand. Per maand krijgt iedereen één positie, in deze volgorde van voorrang: werknemer, zelfstandige, leefloon of andere maatschappelijke hulp (RMI), activering (TWE-OCMW, LDE of collectief maatwerk), werkzoekende bij VDAB, anders. Wie in de beginmaand \"anders\" is, telt niet mee. Een persoon telt bij het OCMW van het laatst begonnen recht (van eender welk soort) dat vóór het einde van de beginmaand begon; wie nooit een recht had, telt alleen mee in het Vlaamse totaal.",
  },
  suppression: {
    title: "Afgeschermde cijfers",
    text: "Een cijfer dat minder dan 5 personen telt, wordt niet getoond aan wie het niet exact mag zien: het publiek, en gemeenten en OCMW's die naar andere gemeenten kijken. Ook het aantal personen dat níet meetelt (noemer min teller) mag niet tussen 1 en 4 liggen. Omdat cijfers samenhangen (leefloon en equivalent leefloon tellen op tot alle leefloners, gemeenten tot hun regiegebied, provincie en Vlaanderen, en het LAP-resultaat tot een maand bevat dat van de maanden ervoor), worden zo nodig nog enkele andere cijfers afgeschermd, zodat geen afgeschermd cijfer terug te rekenen is of tot minder dan 5 mogelijke waarden te beperken, ook niet door een gemeente die haar eigen cijfers kent. Bij elk afgeschermd cijfer staat waarom: minder dan 5 personen, of afgeschermd om een klein aantal elders te beschermen. Het eigen OCMW, de analisten van het Departement WSE en de bemiddelaars van VDAB zien alle cijfers exact.",
  },
};
