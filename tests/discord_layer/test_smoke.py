async def test_compare(simcord_env, careers, member):
    result = await member.slash(careers, "compare", role_a="physisist", role_b="enginer")
    embed = result.response.embeds[0]
    print(embed.title, result.response.components)
    assert embed.title == "Physicist vs Engineer · Overview"
