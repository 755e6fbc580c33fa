"""/compare, /role and /salary as a member uses them, end to end with SimCord."""

from __future__ import annotations

from tests.discord_layer.helpers import button_labels, choose_section, default_option, related_menu, select_menu


async def test_compare_with_misspelled_names_opens_on_the_overview(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="physisist", role_b="enginer")
    embed = result.response.embeds[0]
    assert embed.title == "Physicist vs Engineer · Overview"
    first = embed.description.split("\n")[0]
    assert "Physicists" in first and "engineers" in first and "$" in first
    assert {"Physicist", "Engineer"} <= {f.name for f in embed.fields}
    assert default_option(select_menu(result.response)) == "overview"
    assert not result.ephemeral


async def test_section_menu_switches_the_card_in_place(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="operations coordinator", role_b="operations manager")
    message = result.response.message
    await choose_section(member, message, "salary")
    edited = careers.get_message(message.id) if hasattr(careers, "get_message") else careers.last_message
    embed = edited.embeds[0]
    assert embed.title == "Operations Coordinator vs Operations Manager · Salary"
    assert default_option(select_menu(edited)) == "salary"
    assert "Seed article" not in embed.footer.text and "BLS OEWS, May 2025" in embed.footer.text


async def test_compare_opens_on_the_requested_section_and_privately(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="data analyst", role_b="database analyst",
                                section="skills", private=True)
    assert result.ephemeral
    assert result.response.embeds[0].title == "Data Analyst vs Database Analyst · Skills"
    assert default_option(select_menu(result.response)) == "skills"


async def test_swap_button_reverses_the_pair(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="physicist", role_b="engineer", section="duties")
    assert "⇄ Swap" in button_labels(result.response)
    await member.click(result.response.message, label="⇄ Swap")
    assert careers.last_message.embeds[0].title == "Engineer vs Physicist · Duties"


async def test_compare_with_related_role_from_the_menu(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="data analyst", role_b="database analyst")
    menu = related_menu(result.response)
    option = next(o for o in menu["options"] if " vs " in o["label"])
    await member.select(result.response.message, [option["value"]], custom_id=menu["custom_id"])
    assert careers.last_message.embeds[0].title.startswith(option["label"].split(" vs ")[0] + " vs ")


async def test_another_member_gets_a_private_copy_instead_of_changing_the_card(simcord_env, guild, careers, member):
    bob = guild.add_member(simcord_env.create_user("bob"))
    result = await member.slash(careers, "role", name="physicist")
    clicked = await choose_section(bob, result.response.message, "salary")
    assert clicked.ephemeral
    assert clicked.response.embeds[0].title == "Physicist · Salary"
    assert careers.last_message.embeds[0].title == "Physicist · Overview"


async def test_unknown_names_get_a_friendly_did_you_mean(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="physcst", role_b="qwzxv")
    assert result.ephemeral
    assert "did you mean" in result.response.content.lower() or "don't know" in result.response.content.lower()
    result = await member.slash(careers, "role", name="data anaylst wizard")
    assert result.ephemeral and "Data Analyst" in result.response.content


async def test_same_role_twice_is_explained(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="physicist", role_b="physicists")
    assert result.ephemeral and "two different roles" in result.response.content


async def test_role_card_offers_related_roles_in_a_menu(simcord_env, careers, member):
    result = await member.slash(careers, "role", name="ops manager", section="requirements")
    assert result.response.embeds[0].title == "Operations Manager · Requirements"
    menu = related_menu(result.response)
    option = next(o for o in menu["options"] if o["label"] == "Operations Coordinator")
    await member.select(result.response.message, [option["value"]], custom_id=menu["custom_id"])
    assert careers.last_message.embeds[0].title == "Operations Coordinator · Requirements"


async def test_salary_with_a_state_shows_state_beside_national(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="ops manager", place="TX")
    embed = result.response.embeds[0]
    assert embed.title == "Operations Manager · Salary · Texas"
    fields = {f.name: f.value for f in embed.fields}
    assert "$103,230" in fields["Texas"] and "$105,770" not in fields["Texas"]
    assert "$105,770" in fields["United States"]
    assert "BLS OEWS, May 2025" in embed.footer.text


async def test_salary_accepts_a_state_name_and_rejects_nonsense(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="dental hygienist", place="Ohio")
    assert result.response.embeds[0].title.endswith("· Ohio")
    result = await member.slash(careers, "salary", role="physicist", place="Atlantis")
    assert result.ephemeral and "Atlantis" in result.response.content


async def test_reference_occupation_answers_with_bls_pay(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="tile setter")
    embed = result.response.embeds[0]
    assert embed.title.startswith("Tile and Stone Setter · ") and "Tile and Stone Setters" in embed.author.name
    assert "$" in "".join(f.value for f in embed.fields)


async def test_compare_salary_states_the_difference(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="nurse practitioner", role_b="physician assistant",
                                section="salary")
    first = result.response.embeds[0].description.split("\n")[0]
    assert "earn more" in first and "%" in first and "$" in first


async def test_a_bls_occupation_card_links_to_the_full_profile(simcord_env, careers, member):
    result = await member.slash(careers, "salary", role="soc-15-1252")
    embed = result.response.embeds[0]
    assert embed.title == "Software Developer · Salary"
    assert embed.author.name.startswith("BLS: Software Developers")
    assert "Full profile: Software Engineer" in button_labels(result.response)
    await member.click(result.response.message, label="Full profile: Software Engineer")
    assert careers.last_message.embeds[0].title == "Software Engineer · Salary"
