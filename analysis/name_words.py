"""Word lists that steer name masking: ambiguous names, everyday words, places and services."""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    """Turn a whitespace-separated block of words into a lower-case frozenset."""
    return frozenset(word.lower() for word in block.split())


# Listed first names that are also ordinary words: masked only after a cue or next to a name.
AMBIGUOUS_NAMES = _words(
    """
    will bill mark rose hope grace faith joy may june april dawn amber ruby violet holly
    heather hazel lily jack rob pat frank ray drew grant max nick mick dale sandy carol
    douglas summer sky chance hunter miles lance guy bob jean kay
    """
)

# Everyday words that never count as a name or surname, even capitalised at sentence start.
COMMON_WORDS = _words(
    """
    a about after again against all also always am an and any anyone anything are as at
    be because been before being best better both but by can can't cannot could couldn't
    did didn't do does doesn't don't done down during each even every everyone everything
    few first for from get gets getting give go goes going gone good got great had has
    hasn't have haven't having he he'd he'll he's her here hers herself him himself his
    how i i'd i'll i'm i've if in into is isn't it it's its itself just keep kept know
    last later less let like lot lots made make many me might more most much must my
    myself need needs never new next nice no nobody none nor not nothing now of off often
    ok okay on once one only or other our out over own really right said same say says
    see seen she she'd she'll she's should so some someone something sometimes soon still
    such sure take than thank thanks that that's the their them then there there's these
    they they'd they'll they're this those though through time to today too took under
    until up us very was wasn't way we we'd we'll we're we've well went were weren't what
    when where which while who whole why with without won't would wouldn't yes yet you
    you'd you'll you're your yours yourself absolutely brilliant excellent helpful kind
    lovely amazing fantastic hi hello dear please sorry happy sad angry ill unwell tired
    staff service services support team worker workers office council housing court
    police hub group everybody people person family folk weans bairns kids children
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december christmas easter
    covid god jesus english scottish scots polish british irish street road avenue
    doctor doctors nurse nurses gp social work unpaid community justice order
    mr mrs ms miss mx dr prof sheriff pc sgt sergeant big wee auld young
    """
)

# Places and services that must survive masking (also as part of a hyphenated word).
PROTECTED_WORDS = _words(
    """
    hamilton lanark east west north south kilbride rutherglen cambuslang blantyre larkhall
    strathaven clydesdale carluke glasgow motherwell addiewell polmont airdrie wishaw
    lesmahagow biggar forth bothwell uddingston stonehouse lanarkshire scotland edinburgh
    clyde burnbank eastfield whitlawburn fernhill coalburn halfway shotts barlinnie
    greenock kilmarnock paisley falkirk stirling dundee aberdeen inverness scotland's
    sacro circle venture trust nhs victim victims skills development dwp jobcentre
    women's womens mappa matac marac cpo sds leaf care opinion liber8 access industry
    shine phoenix futures penumbra loretto triangle citizens advice cab samaritans
    barnardos barnardo's aid assist copfs sps hmp hmyoi adp wsa dfp listen vaslan cjs
    universal credit pip facebook tesco asda greggs lidl aldi morrisons whatsapp google
    alcoholics anonymous narcotics aa na smart recovery turning point scottish scotrail
    first bus citylink salvation army quarriers action for children crossreach
    """
)

# Role words after which a capitalised word is a name ("my worker Sharon", "lawyer Smith").
ROLE_WORDS = _words(
    """
    worker workers keyworker officer mentor lawyer solicitor cpn gp doctor nurse counsellor
    coach manager supervisor advocate psychiatrist psychologist therapist befriender
    volunteer caseworker
    """
)

# Kin and friend words that introduce a name after "my", "her", "his" ("my son Jamie").
KIN_WORDS = _words(
    """
    son daughter partner husband wife boyfriend girlfriend bf gf mum mam maw mother dad
    da faither father brother sister bro sis gran granny grandad grandpa papa nana nan
    grandson granddaughter nephew niece cousin auntie aunt uncle pal friend mate wean
    boy lassie lad girl ex fiance fiancé fiancee stepson stepdaughter stepdad stepmum kid
    child baby youngest oldest eldest neighbour
    """
)

# Street-type words: a capitalised one after a name is a street, not a surname.
STREET_WORDS = _words(
    """
    street st road rd avenue ave drive dr crescent cres court ct place pl gardens gdns
    terrace way lane wynd close view park grove square row walk brae loan gate hill
    """
)

# Words after a place that show it is a place, not a surname ("Sharon at Hamilton office").
VENUE_WORDS = _words(
    """
    office hub court sheriff centre center team jobcentre library station area locality
    council housing police academy college school hospital
    """
)

# Scots and everyday words a respondent uses where a name could stand ("wi ma pals").
SCOTS_WORDS = frozenset(
    [
        "ma",
        "mah",
        "masel",
        "wir",
        "yer",
        "ye",
        "aw",
        "naw",
        "aye",
        "wee",
        "big",
        "auld",
        "oor",
        "hame",
        "wean",
        "weans",
        "bairn",
        "bairns",
        "pals",
        "maw",
        "da",
        "faither",
        "mither",
        "lassie",
        "lassies",
        "laddie",
        "laddies",
        "boys",
        "lads",
        "weans'",
        "pal's",
        "aboot",
        "wisnae",
        "cannae",
        "dinnae",
        "didnae",
        "wasnae",
        "isnae",
        "willnae",
        "wouldnae",
        "couldnae",
        "hink",
        "gonnae",
        "wanna",
        "gonna",
        "kinda",
        "tho",
        "cos",
        "coz",
        "bc",
        "lol",
        "omg",
        "ok",
        "okay",
        "yeah",
        "yep",
        "nah",
        "nope",
        "em",
        "erm",
        "hmm",
        "ta",
        "ur",
        "u",
        "r",
        "n",
    ]
)
