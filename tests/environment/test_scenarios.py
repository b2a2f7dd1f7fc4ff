"""Realistic declarations at a Western Balkan crossing, built from the kinds of case the
Green Customs guidance describes (not from the engine's own examples)."""

from __future__ import annotations

from .helpers import codes, entries, flags, run


def test_hfc_blend_in_disposable_cylinders_from_turkiye() -> None:
    r = run(
        hs_code="3827.61.00",
        description="Rashladni gas R-404A, 120 boca",
        packaging="disposable cylinders 10.9 kg",
        origin="TR",
        destination="RS",
        quantity=1308,
        unit="kg",
    )
    assert codes(r) == {"MONTREAL"}
    assert any("R-404A" in e and "Annex F" in e for e in entries(r, "MONTREAL"))
    assert {"DISPOSABLE_CYLINDER", "NO_LICENCE"} <= flags(r)
    assert [q.presented for q in r.requirements] == [False]


def test_hs_code_alone_identifies_hcfc_22() -> None:
    r = run(hs_code="290371", description="gas in cylinders", origin="CN", destination="MK")
    assert entries(r, "MONTREAL") == ["HCFC-22, Montreal Annex C Group I"]
    assert r.treaties[0].basis == ["hs"]


def test_macedonian_description_with_refrigerant_and_single_use_cylinders() -> None:
    r = run(hs_code="2903.71", description="фреон R-22 во еднократни боци", origin="TR", destination="MK")
    assert "HCFC-22, Montreal Annex C Group I" in entries(r, "MONTREAL")
    assert "DISPOSABLE_CYLINDER" in flags(r)


def test_blend_containing_hcfc() -> None:
    r = run(
        hs_code="3827.32",
        description="refrigerant",
        refrigerant="r 409a",
        documents=["Montreal import licence"],
    )
    (entry,) = entries(r, "MONTREAL")
    assert "R-409A" in entry and "HCFC-22 (Annex C Group I)" in entry
    assert r.requirements[0].presented
    assert "NO_LICENCE" not in flags(r)
    assert "HS_INCONSISTENT" not in flags(r)


def test_hfc_code_labelled_non_ods() -> None:
    r = run(hs_code="2903.45", description="Non-ODS refrigerant, ozone friendly, 13.6 kg cylinders")
    assert "MONTREAL" in codes(r)
    assert "NON_ODS_LABEL" in flags(r)


def test_hcfc_declared_under_hfc_code_is_inconsistent() -> None:
    r = run(hs_code="2903.45", description="refrigerant gas", refrigerant="R22")
    assert "HCFC-22, Montreal Annex C Group I" in entries(r, "MONTREAL")
    assert "HS_INCONSISTENT" in flags(r)


def test_reclaimed_gas_label() -> None:
    r = run(hs_code="3827.63", description="Reclaimed R-410A refrigerant", status="used")
    assert "RECOVERED_LABEL" in flags(r)


def test_phased_out_cfc() -> None:
    r = run(hs_code="2903.77", description="Freon 12 cans for car air conditioning", refrigerant="R-12")
    assert "CFC-12, Montreal Annex A Group I" in entries(r, "MONTREAL")
    assert "PHASED_OUT_SUBSTANCE" in flags(r)


def test_refrigerant_concealed_under_other_goods() -> None:
    r = run(hs_code="6907.21", description="ceramic tiles, hidden R-22 cylinders behind the pallets")
    assert "MONTREAL" in codes(r)
    assert {"CONCEALMENT", "HS_INCONSISTENT"} <= flags(r)


def test_hfc_in_transit_through_free_zone() -> None:
    r = run(hs_code="2903.45", description="R-134a in transit, free zone Subotica", transit=["RS"], origin="TR")
    assert "TRANSIT_DIVERSION" in flags(r)


def test_methyl_bromide() -> None:
    r = run(hs_code="2903.61", description="fumigant", cas_numbers=["74-83-9"])
    assert "Methyl bromide, Montreal Annex E Group I" in entries(r, "MONTREAL")


def test_natural_refrigerant_is_not_controlled() -> None:
    r = run(hs_code="2711.13", description="R-600a isobutane refrigerant", refrigerant="R-600a")
    assert codes(r) == set()
    assert flags(r) == set()


def test_live_falcon_declared_as_poultry() -> None:
    r = run(hs_code="0105.94", description="live poultry", species="Falco cherrug", origin="RS", destination="AE")
    assert entries(r, "CITES") == ["CITES Appendix II Falco cherrug"]
    assert {"WILDLIFE_AS_DOMESTIC", "NO_CITES_PERMIT"} <= flags(r)


def test_falcons_in_serbian_cyrillic_under_other_birds() -> None:
    r = run(hs_code="0106.39", description="живи соколови, 4 ком", origin="RS", destination="QA")
    assert "CITES" in codes(r)
    assert "WILDLIFE_AS_DOMESTIC" in flags(r)


def test_appendix_i_peregrines_for_sale_captive_bred() -> None:
    r = run(
        hs_code="0106.31",
        description="peregrine falcons for sale, captive bred",
        species="Falco peregrinus",
        quantity=6,
        documents=["CITES export permit"],
    )
    assert entries(r, "CITES")[0].startswith("CITES Appendix I Falco peregrinus")
    needed = {q.name: q.presented for q in r.requirements}
    assert needed["CITES import permit (Appendix I, Art. III.3)"] is False
    assert needed["CITES export permit or re-export certificate (Art. III-V)"] is True
    assert {"APPENDIX_I_COMMERCIAL", "CAPTIVE_BRED_CLAIM", "NO_CITES_PERMIT"} <= flags(r)


def test_tortoises_claimed_captive_bred_to_the_eu() -> None:
    r = run(hs_code="0106.20", description="kornjace iz uzgoja", species="Testudo hermanni", destination="IT")
    assert entries(r, "CITES")[0].startswith("CITES Appendix II Testudo hermanni")
    assert "CAPTIVE_BRED_CLAIM" in flags(r)
    assert any("EU import permit" in q.name for q in r.requirements)


def test_songbirds_for_italian_markets_are_not_cites_but_flagged() -> None:
    r = run(hs_code="0208.90", description="smrznute ptice pevačice, češljugari", origin="RS", destination="IT")
    assert "CITES" not in codes(r)
    assert "WILD_BIRDS_BIRDS_DIRECTIVE" in flags(r)


def test_eels_declared_as_fresh_fish() -> None:
    r = run(hs_code="0302.89", description="fresh fish", species="jegulja", origin="ES", destination="HK")
    assert entries(r, "CITES") == ["CITES Appendix II Anguilla anguilla (declared as jegulja)"]
    assert "EEL_AS_GENERIC_FISH" in flags(r)


def test_live_fish_from_europe_to_east_asia() -> None:
    r = run(hs_code="0301.99", description="live fish fry in oxygenated bags", origin="FR", destination="HK")
    assert "EEL_AS_GENERIC_FISH" in flags(r)


def test_eel_subheading_alone_triggers_cites() -> None:
    r = run(hs_code="0301.92", description="live fish", origin="PT", destination="CN")
    assert "CITES" in codes(r)


def test_caviar_without_labels() -> None:
    r = run(hs_code="1604.31", description="kavijar 40 limenki", origin="RU", documents=["CITES export permit"])
    assert "CITES" in codes(r)
    assert "CAVIAR_NO_LABEL" in flags(r)
    assert "NO_CITES_PERMIT" not in flags(r)


def test_caviar_with_labels_is_not_flagged() -> None:
    r = run(
        hs_code="1604.31",
        description="sturgeon caviar",
        documents=["CITES re-export certificate", "CITES labels on tins"],
    )
    assert "CAVIAR_NO_LABEL" not in flags(r)


def test_salep_orchid_tubers() -> None:
    r = run(hs_code="1211.90", description="salep tubers, dried", origin="AL", destination="TR")
    assert any("Orchidaceae" in e for e in entries(r, "CITES"))


def test_ivory_carvings() -> None:
    r = run(hs_code="9601.10", description="carved figurines")
    assert any("Appendix I Loxodonta africana" in e for e in entries(r, "CITES"))


def test_used_laptops_for_repair_from_western_europe() -> None:
    r = run(hs_code="8471.30", description="used laptops", status="for repair", origin="DE", destination="RS")
    assert "BASEL" in codes(r)
    assert any("A1181" in e and "Y49" in e for e in entries(r, "BASEL"))
    assert {"USED_EEE_NOT_TESTED", "MISSING_MOVEMENT_DOC", "BAN_AMENDMENT"} <= flags(r)


def test_tested_and_packed_second_hand_laptops_are_goods() -> None:
    r = run(
        hs_code="8471.30",
        description="second-hand laptops, individually packed",
        status="second-hand",
        documents=["functionality test report"],
    )
    assert "BASEL" not in codes(r)
    assert "USED_EEE_NOT_TESTED" not in flags(r)


def test_broken_tvs_declared_as_goods() -> None:
    r = run(hs_code="8528.72", description="televizori neispravni, za delove", status="used")
    assert "BASEL" in codes(r)
    assert "DECLARED_NOT_WASTE" in flags(r)


def test_lead_acid_batteries_under_8507() -> None:
    r = run(hs_code="8507.10", description="used car batteries", origin="IT", destination="AL")
    assert entries(r, "BASEL") == ["Basel A1160: Waste lead-acid batteries whole or crushed"]
    assert {"BATTERY_8507", "MISSING_MOVEMENT_DOC", "BAN_AMENDMENT"} <= flags(r)


def test_albanian_spent_batteries_under_waste_code_with_documents() -> None:
    r = run(
        hs_code="8549.11",
        description="bateri të përdorura makine",
        documents=["Basel notification and consent", "movement document"],
    )
    assert any(e.startswith("Basel A1160") for e in entries(r, "BASEL"))
    assert all(q.presented for q in r.requirements)
    assert "MISSING_MOVEMENT_DOC" not in flags(r)


def test_serbian_e_waste() -> None:
    r = run(hs_code="8549.31", description="elektronski otpad, štampane ploče")
    assert any("A1181" in e for e in entries(r, "BASEL"))


def test_deleted_basel_code_cited() -> None:
    r = run(hs_code="8549.21", description="e-waste, Basel A1180", documents=["movement document A1180"])
    assert "DELETED_BASEL_CODE" in flags(r)


def test_clinical_waste() -> None:
    r = run(hs_code="3825.30", description="hospital waste")
    assert any("Y1" in e for e in entries(r, "BASEL"))


def test_cwc_schedule_3_by_cas() -> None:
    r = run(hs_code="2904.91", description="soil fumigant", cas_numbers=["76-06-2"])
    assert any(e.startswith("CWC Schedule 3") and "Chloropicrin" in e for e in entries(r, "CWC"))


def test_cwc_schedule_2_by_cas_under_wrong_code() -> None:
    r = run(hs_code="2905.19", description="solvent", cas_numbers=["111 48 8"])
    assert any("Thiodiglycol" in e for e in entries(r, "CWC"))
    assert "HS_INCONSISTENT" in flags(r)


def test_cwc_schedule_1() -> None:
    r = run(hs_code="2931.59", description="reference standard", cas_numbers=["107-44-8"], destination="EG")
    assert {"CWC_SCHEDULE_1", "CWC_NON_STATE_PARTY"} <= flags(r)


def test_ddt_is_rotterdam_and_stockholm() -> None:
    r = run(hs_code="3808.52", description="insecticide", cas_numbers=["50-29-3"])
    assert {"ROTTERDAM", "STOCKHOLM"} <= codes(r)
    assert {"PIC_MISSING", "POP_TRADE"} <= flags(r)


def test_pesticide_named_in_description() -> None:
    r = run(hs_code="3808.91", description="Endosulfan 35 EC, 200 l")
    assert {"ROTTERDAM", "STOCKHOLM"} <= codes(r)


def test_gm_maize_seed() -> None:
    r = run(hs_code="1005.10", description="genetically modified maize seed for sowing, MON 810")
    assert "CARTAGENA" in codes(r)
    assert "LMO_UNDOCUMENTED" in flags(r)
    assert any(q.kind == "prior informed consent" for q in r.requirements)


def test_ordinary_goods_have_no_findings() -> None:
    r = run(hs_code="6403.99", description="leather shoes", origin="IT", destination="RS")
    assert r.treaties == [] and r.red_flags == [] and r.requirements == []
    assert "judgement" in r.note


def test_seizure_prefill_carries_identifiers() -> None:
    r = run(hs_code="0106.31", description="falcons", species="Falco cherrug", origin="RS", destination="QA")
    fields = r.seizure_prefill()
    assert fields["taxa"] == ["Falco cherrug"]
    assert fields["treaties"] == ["CITES"]
    assert fields["origin"] == "RS" and fields["hs_code"] == "010631"
    assert "NO_CITES_PERMIT" in fields["red_flags"]
    assert fields["concealment"] is None and fields["detection"].startswith("Green Customs screening")


def test_air_conditioners_precharged_with_hcfc() -> None:
    r = run(hs_code="8415.10", description="split air conditioners, pre-charged", refrigerant="R-22", origin="CN")
    assert "HCFC-22, Montreal Annex C Group I" in entries(r, "MONTREAL")
    assert "HS_INCONSISTENT" not in flags(r)


def test_halon_fire_extinguishers() -> None:
    r = run(hs_code="8424.10", description="fire extinguishers with Halon 1301")
    assert "Halon-1301, Montreal Annex A Group II" in entries(r, "MONTREAL")
    assert "PHASED_OUT_SUBSTANCE" in flags(r)


def test_polyol_with_hcfc_141b() -> None:
    r = run(hs_code="3907.29", description="pre-blended polyol", cas_numbers=["1717-00-6"])
    assert "HCFC-141b, Montreal Annex C Group I" in entries(r, "MONTREAL")
    assert "HS_INCONSISTENT" not in flags(r)


def test_salmon_roe_is_not_sturgeon_caviar() -> None:
    r = run(hs_code="1604.32", description="crveni kavijar (ikra lososa)")
    assert "CITES" not in codes(r)
    assert any("caviar substitute" in w for w in r.warnings)


def test_declared_unlisted_eel_species_gets_a_dna_warning() -> None:
    r = run(hs_code="0301.92", description="live eels", species="Anguilla japonica", origin="JP")
    assert "CITES" in codes(r)  # HS 0301.92 and "eels" still point to A. anguilla
    assert any("DNA" in w for w in r.warnings)


def test_plural_common_name_identifies_the_species() -> None:
    r = run(hs_code="0106.31", description="3 saker falcons, closed rings", documents=["CITES export permit"])
    assert entries(r, "CITES") == ["CITES Appendix II Falco cherrug"]
    assert r.requirements[0].presented


def test_red_coral_is_not_listed_but_stony_coral_is() -> None:
    assert "CITES" not in codes(run(hs_code="0508.00", description="crveni koral za nakit"))
    assert "CITES" in codes(run(hs_code="0508.00", description="dried stony corals"))


def test_python_leather_handbags_and_rosewood() -> None:
    bags = run(hs_code="4202.21", description="python skin handbags", destination="IT")
    assert any("Pythonidae" in e for e in entries(bags, "CITES"))
    assert "HS_INCONSISTENT" not in flags(bags)
    logs = run(hs_code="4403.49", description="rosewood logs")
    assert any("Dalbergia" in e for e in entries(logs, "CITES"))


def test_used_fridges_in_bosnian() -> None:
    r = run(hs_code="8418.21", description="polovni frižideri", origin="AT", destination="BA")
    assert "USED_EEE_NOT_TESTED" in flags(r)
    assert "BAN_AMENDMENT" in flags(r)


def test_pcb_transformer_oil() -> None:
    r = run(hs_code="2710.91", description="transformer oil")
    assert {"BASEL", "STOCKHOLM"} <= codes(r)


def test_refrigerant_designations_as_people_write_them() -> None:
    for written in ("R-404A", "R404a", "r 404 a", "HFC-404A", "Freon R-404A"):
        r = run(hs_code="3827.61", description="gas", refrigerant=written)
        assert any(e.startswith("R-404A blend") for e in entries(r, "MONTREAL")), written


def test_cfc_free_fridges_are_not_a_montreal_hit() -> None:
    r = run(hs_code="8418.10", description="new CFC-free refrigerators", status="new")
    assert "MONTREAL" not in codes(r)
    assert flags(r) == set()


def test_gmo_free_soya_is_not_cartagena() -> None:
    r = run(hs_code="1201.90", description="non-GMO soybeans")
    assert "CARTAGENA" not in codes(r)


def test_frozen_quails_under_game_meat() -> None:
    r = run(hs_code="0208.90", description="frozen quails, plucked", origin="RS", destination="IT")
    assert "WILD_BIRDS_BIRDS_DIRECTIVE" in flags(r)


def test_precharged_equipment_needs_a_charge_declaration_not_a_substance_licence() -> None:
    r = run(hs_code="8415.10", description="split air conditioners", refrigerant="R-32", origin="CN")
    assert "HFC-32, Montreal Annex F Group I" in entries(r, "MONTREAL")
    assert [q.kind for q in r.requirements] == ["declaration"]
    assert "NO_LICENCE" not in flags(r)


def test_wildlife_products_in_manufactured_chapters_are_not_hs_inconsistent() -> None:
    r = run(hs_code="4303.10", description="fur coat, lynx fur", destination="AT")
    assert any("Lynx lynx" in e for e in entries(r, "CITES"))
    assert "HS_INCONSISTENT" not in flags(r)


def test_live_primates_by_hs_alone() -> None:
    r = run(hs_code="0106.11", description="live animals for a private zoo")
    assert any("Primates" in e for e in entries(r, "CITES"))


def test_reptiles_without_species_get_a_warning() -> None:
    r = run(hs_code="0106.20", description="live animals")
    assert any("identify the species" in w for w in r.warnings)


def test_spent_lead_batteries_in_bosnian_word_order() -> None:
    r = run(hs_code="8507.20", description="olovni akumulatori, istrošeni", destination="BA", origin="HR")
    assert any(e.startswith("Basel A1160") for e in entries(r, "BASEL"))
    assert {"BATTERY_8507", "BAN_AMENDMENT"} <= flags(r)


def test_other_live_birds_to_italy_from_the_balkans() -> None:
    r = run(hs_code="0106.39", description="live birds", origin="RS", destination="IT")
    assert "WILD_BIRDS_BIRDS_DIRECTIVE" in flags(r)
