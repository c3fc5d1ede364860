from pipeline.normalize.partners import split_partners


def test_roles_run_together_in_one_line():
    assert split_partners(["ДТЖО Педагог-ұйымдастырушы Тәлімгер Сынып жетекшілер"]) == (
        "ДТЖО", "Педагог-ұйымдастырушы", "Тәлімгер", "Сынып жетекшілер")


def test_roles_with_commas_and_spaces():
    assert split_partners(["Педагог-психологтар, Педагог-ұйымдастырушы Тәлімгер Өзін-өзі тану ӘБ"]) == (
        "Педагог-психологтар", "Педагог-ұйымдастырушы", "Тәлімгер", "Өзін-өзі тану ӘБ")


def test_misspelt_deputy_and_organiser_written_backwards():
    assert split_partners(["ДТІЖО ұйымдастырушы педагогтер"]) == ("ДТЖО", "Педагог-ұйымдастырушы")
    assert split_partners(["Педагог-психологтар ұйымдастырушы педагогтер"]) == (
        "Педагог-психологтар", "Педагог-ұйымдастырушы")


def test_one_role_per_line():
    assert split_partners(["ДТҒЖО", "Педагог-ұйымдастырушы", "Тәлімгер", "Сынып жетекшілер", "Медбике"]) == (
        "ДТЖО", "Педагог-ұйымдастырушы", "Тәлімгер", "Сынып жетекшілер", "Медбике")


def test_deputy_director_written_out():
    assert split_partners(["Директордың тәрбие ісі жөніндегі орынбасары, педагог ұйымдастырушы"]) == (
        "ДТЖО", "Педагог-ұйымдастырушы")


def test_spacing_case_and_kazakh_letters_are_tolerated():
    assert split_partners(["сыныпжетекшілер", "ТӘЛIМГЕР", "Педагог - ұйымдастырушы", "Окушылардың ата-аналары"]) == (
        "Сынып жетекшілер", "Тәлімгер", "Педагог-ұйымдастырушы", "Ата-аналар")


def test_russian_roles_get_russian_names():
    assert split_partners(["ЗДВР, педагог-организатор, вожатый, классные руководители"]) == (
        "ЗДВР", "Педагог-организатор", "Вожатый", "Классные руководители")
    assert split_partners(["Заместитель директора по воспитательной работе", "Педагог организатор",
                           "медсестра", "социальный педагог", "библиотекарь"]) == (
        "ЗДВР", "Педагог-организатор", "Медсестра", "Социальный педагог", "Библиотекарь")


def test_spelling_shared_by_both_languages_follows_the_cell():
    assert split_partners(["Педагог-психолог, вожатый"]) == ("Педагоги-психологи", "Вожатый")
    assert split_partners(["Педагог-психолог, тәлімгер"]) == ("Педагог-психологтар", "Тәлімгер")


def test_more_kazakh_roles():
    assert split_partners(["Әлеуметтік педагог Мектеп инспекторы Кітапханашы",
                           "Дене шынықтыру мұғалімдері Ата-аналар Фракция мүшелері"]) == (
        "Әлеуметтік педагог", "Мектеп инспекторы", "Кітапханашы",
        "Дене шынықтыру мұғалімдері", "Ата-аналар", "Фракция мүшелері")


def test_longest_role_wins():
    assert split_partners(["Ата-аналар комитеті"]) == ("Ата-аналар комитеті",)


def test_duplicates_are_dropped_in_order():
    assert split_partners(["ДТЖО Тәлімгер ДТІЖО", "тәлімгер"]) == ("ДТЖО", "Тәлімгер")


def test_unknown_roles_are_kept_as_written():
    assert split_partners(["Жергілікті әкімдік, Педагог-ұйымдастырушы"]) == (
        "Жергілікті әкімдік", "Педагог-ұйымдастырушы")
    assert split_partners(["Байболова Р.Б., ДТЖО"]) == ("Байболова Р.Б.", "ДТЖО")
    assert split_partners(["Тәлімгер «Болашақ» қоғамдық бірлестігі"]) == (
        "Тәлімгер", "«Болашақ» қоғамдық бірлестігі")
    assert split_partners(["Мектеп инспекторы (Иванов А.)"]) == ("Мектеп инспекторы", "Иванов А.")


def test_joiners_and_numbering_are_not_partners():
    assert split_partners(["Тәлімгер және сынып жетекшілер"]) == ("Тәлімгер", "Сынып жетекшілер")
    assert split_partners(["1. ДТЖО 2. Тәлімгер"]) == ("ДТЖО", "Тәлімгер")


def test_empty_and_odd_input():
    assert split_partners([]) == ()
    assert split_partners(None) == ()
    assert split_partners(["", "  ", ",;"]) == ()
    assert split_partners("ДТЖО Тәлімгер") == ("ДТЖО", "Тәлімгер")
    split_partners(["«", "»»", "\u200b", "а" * 100_000, "ДТЖО " * 3000])
