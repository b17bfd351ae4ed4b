"""Cue lexicons for attribution: the verbs, nouns and phrases that signal that a source says,
believes, wants or reports something (the PolNeAR/PARC sense of attribution).

The word lists come from the classes of English verbs of communication, cognition and
attitude (say/tell/complain/manner of speaking, judgement, advise and order, promise,
want and intend, believe and conjecture, discover and perceive, show and indicate,
approve and decree), from the nouns and adjectives of the same acts and states ("claim",
"concern", "sure that"), and from the PolNeAR annotation guidelines (what counts: statements,
beliefs, intentions, decrees, perceptions, evidence; what does not: actions, descriptions of
a source). They are lemmas, as spaCy's lemmatizer gives them; each rule decides from the
syntax whether a use of one of these words is an attribution (a content must be found).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


SPEECH = _words(
    """
    say tell add note state declare announce explain claim assert insist argue contend maintain suggest propose
    recommend warn caution predict promise pledge vow threaten deny admit acknowledge concede confirm reveal
    disclose report write tweet retweet post blog comment remark observe mention stress emphasize emphasise
    underscore highlight reiterate repeat recall recount describe detail outline characterize characterise
    ask inquire query answer reply respond retort counter complain lament grumble protest object boast brag
    joke quip exclaim shout yell scream chant sing whisper mutter murmur groan sigh concur agree disagree
    dispute contest challenge reject dismiss refute rebut allege accuse charge blame criticize criticise
    condemn denounce decry deplore slam blast attack lambaste chide scold rebuke reprimand fault mock ridicule
    deride dismiss praise laud hail applaud commend tout thank congratulate defend endorse urge implore beg
    plead appeal demand request order instruct direct command advise counsel encourage invite remind inform
    notify assure reassure convince persuade testify swear affirm attest proclaim pronounce rule decree
    conclude cite quote reference speak talk discuss address tease hint decline refuse offer vouch caution
    clarify elaborate specify summarize summarise relate narrate recite preach lecture concede confess
    apologize apologise question interview brief lobby advocate campaign champion promote push press
    pressure call dub label brand term nickname liken compare portray paint frame cast depict tag
    echo second welcome support back oppose favor favour veto approve ratify sign authorize authorise
    ban prohibit forbid order mandate require accept vote sue petition file
    estimate calculate project forecast put rate rank score grade assess evaluate gauge
    survey poll document record register log list chronicle profile
    announce unveil publish release issue circulate leak
    signal indicate show demonstrate illustrate prove suggest imply reflect reveal confirm establish
    find determine judge discover uncover learn realize realise recognize recognise notice see hear read
    watch spot detect observe witness sense perceive
    believe think feel consider reckon suppose assume presume suspect doubt guess imagine figure
    fear worry hope wish want desire intend plan aim seek prefer like love hate dislike loathe dread
    regret resent admire respect trust distrust envision envisage foresee anticipate expect understand
    know remember forget acknowledge accept appreciate value cherish relish enjoy celebrate
    agonize agonise fret despair mourn grieve wonder ponder contemplate weigh mull debate question
    decide choose resolve vote elect opt
    insinuate speculate theorize theorise posit hypothesize hypothesise conjecture surmise infer deduce
    rave rant fume bristle seethe howl roar thunder snap bark hiss growl snarl sneer scoff laugh smile
    grin gush enthuse marvel wonder muse
    demur balk bemoan bewail blast berate castigate excoriate pillory skewer savage trash knock
    vilify demonize demonise smear slander libel malign disparage belittle denigrate insult
    thank hail salute credit
    plead beseech entreat exhort prod nudge goad dare challenge
    concur echo parrot
    impose appoint nominate enact repeal overturn overrule uphold
    view regard chastise propound downplay overstate understate embrace despise contradict rebut spar clash feud
    quarrel hammer grill rip trumpet float pitch articulate voice vent lash lob hurl link tie credit identify
    """
)
"""Verbs whose subject (or ``by`` agent) says, thinks, wants or reports their complement."""

CLAUSE_ONLY = _words(
    """
    add see hear read watch find learn know feel mean understand figure put take file list log record
    register rate rank score grade survey poll document chronicle profile release issue circulate leak
    publish sign ban prohibit forbid require mandate accept sue petition vote elect opt choose admit promote
    decide spot detect witness sense perceive establish determine laugh smile grin snap bark roar thunder
    howl hiss growl snarl remember forget appreciate value cherish relish enjoy celebrate
    cast paint frame tag compare push press call term answer counter
    mourn grieve weigh debate distrust resolve apologize apologise campaign lobby
    interview brief offer address approve ratify authorize authorise veto order challenge command direct instruct
    float pitch voice vent lob hurl tie identify link credit
    """
)
"""Cue verbs that are an attribution only with a clause, an infinitive or a quote as complement
(their plain noun-phrase object is an action or a thing: "added a provision", "read a book")."""

RECIPIENT = _words(
    """
    tell inform notify assure reassure remind warn caution urge implore beg ask advise counsel instruct order
    direct command convince persuade promise invite encourage brief thank congratulate pressure press push
    exhort prod nudge goad dare beseech entreat petition lobby
    """
)
"""Cue verbs whose direct object is who is told, not what is said ("told reporters that...")."""

PREP_CUES: dict[str, frozenset[str]] = {
    lemma: _words(preps)
    for lemma, preps in {
        "call": "for on",
        "speak": "of about on against out",
        "talk": "about of",
        "complain": "about of",
        "warn": "of about against",
        "caution": "against about",
        "point": "to out",
        "refer": "to",
        "rail": "against",
        "worry": "about over",
        "fret": "about over",
        "argue": "for against about over",
        "push": "for",
        "press": "for",
        "advocate": "for",
        "lobby": "for against",
        "campaign": "for against on",
        "testify": "about to",
        "write": "about of on",
        "joke": "about",
        "brag": "about of",
        "boast": "about of",
        "comment": "on about",
        "remark": "on upon",
        "insist": "on upon",
        "agree": "with on to",
        "disagree": "with on about over",
        "object": "to",
        "respond": "to with by",
        "reply": "to with by",
        "react": "to",
        "vote": "against",
        "think": "about of",
        "dream": "of about",
        "hear": "about of from",
        "learn": "about of",
        "know": "about of",
        "care": "about",
        "fear": "for",
        "hope": "for",
        "wish": "for",
        "ask": "about for",
        "plead": "for",
        "appeal": "for to",
        "apologize": "for",
        "apologise": "for",
        "blame": "for on",
        "criticize": "for",
        "criticise": "for",
        "thank": "for",
        "accuse": "of",
        "suspect": "of",
        "sue": "over for",
        "weigh": "in on",
        "focus": "on",
        "dwell": "on",
        "elaborate": "on",
        "expand": "on upon",
        "reflect": "on upon",
        "muse": "about on",
        "rave": "about",
        "rant": "about against",
        "fume": "about over at",
        "bristle": "at",
        "seethe": "at over",
        "scoff": "at",
        "laugh": "at about off",
        "sneer": "at",
        "balk": "at",
        "marvel": "at",
        "wonder": "about",
        "inquire": "about into",
        "lament": "about over",
        "grumble": "about",
        "protest": "against about",
        "mourn": "for",
        "despair": "of over",
        "rule": "on against in",
        "decide": "on against",
        "settle": "on",
        "opt": "for against",
        "side": "with against",
        "stand": "by",
        "vouch": "for",
        "aim": "for at",
        "look": "to forward",
        "yearn": "for",
        "long": "for",
        "clamor": "for",
        "clamour": "for",
        "cry": "out for",
        "shout": "at about",
        "yell": "at about",
        "brief": "on about",
        "report": "on",
        "question": "about",
        "lie": "about",
        "go": "after about",
        "continue": "with",
        "describe": "as",
        "portray": "as",
        "paint": "as",
        "characterize": "as",
        "cast": "as",
        "view": "as",
        "see": "as",
        "regard": "as",
        "depict": "as",
        "treat": "as",
        "dismiss": "as",
        "denounce": "as",
        "praise": "as for",
        "hail": "as",
        "label": "as",
        "brand": "as",
        "frame": "as",
        "present": "as",
        "mention": "as",
        "single": "out",
        "link": "to with",
        "rate": "as",
        "rank": "as",
        "grade": "as",
        "tie": "to",
        "credit": "with for",
        "identify": "as",
        "spar": "over with about",
        "clash": "over with",
        "feud": "with over",
        "quarrel": "with over about",
        "lash": "out at",
        "spell": "out",
        "play": "down up",
        "double": "down on",
        "seize": "on upon",
    }.items()
}
"""Cue verbs whose content can be the object of a preposition that then belongs to the cue
("called for", "spoke of", "complained about")."""

PHRASAL_ONLY = _words(
    """
    lash spell play double seize
    speak talk point refer rail care dwell expand muse rave rant fume bristle seethe scoff sneer balk marvel
    focus look yearn long clamor clamour cry stand side settle lie weigh hear dream
    """
)
"""Verbs that are cues only with one of their :data:`PREP_CUES` prepositions (or a clause/quote)."""

NOUN_CUES = _words(
    """
    statement claim remark comment report view belief opinion concern fear hope plan proposal promise pledge
    vow warning threat allegation accusation charge criticism assertion argument suggestion announcement
    admission denial decision ruling call demand request appeal insistence contention question speech
    interview tweet post letter testimony emphasis idea theory message notion assessment analysis estimate
    prediction forecast finding conclusion impression expectation intention desire wish agreement
    endorsement praise attack rhetoric stance position vision pitch insinuation complaint objection
    confession acknowledgment acknowledgement explanation description depiction characterization
    assurance recommendation advice order decree verdict judgment judgement plea petition protest
    suspicion doubt worry skepticism scepticism conviction understanding knowledge awareness perception
    sense feeling thought argument case insistence determination resolve commitment goal aim ambition
    intent willingness reluctance refusal pronouncement proclamation declaration revelation disclosure
    boast joke quip observation mention reference reminder response reply answer retort rebuttal
    rejection dismissal condemnation denunciation defense defence support opposition backing
    recommendation proposal motion resolution memo memorandum email op-ed editorial column essay article
    message case illusion insight doubt concern questions interest hope
    """
)
"""Nouns that name an act of saying, a belief or an intention ("his claim that", "a call for")."""

IN_SOURCE_NOUNS = _words(
    """
    poll polls survey surveys study studies report reports analysis data statistics figures estimate estimates
    view opinion eyes mind judgment judgement estimation words account accounts interview statement letter memo
    filing filings documents records testimony complaint lawsuit ruling findings assessment forecast projection
    """
)
"""Nouns that make "in X" a source: "In the latest poll, ...", "in his view", "in a statement"."""

RAISING = _words("seem appear")
"""Verbs that raise the subject of a cue verb: "she appeared to suggest that" (one cue)."""

LIGHT_VERBS = _words(
    """
    make express raise issue voice offer send draw give have pose lodge file level air share post publish
    release renew reiterate repeat put lay present outline unveil announce hold harbor harbour take adopt
    """
)
"""Verbs that make a cue of their object noun: "expressed concern about", "made the case that"."""

STANCE_NOUNS = _words("opponent supporter critic advocate proponent champion fan defender backer foe skeptic believer")
"""Nouns for a holder of a view, cues after a copula: "she is a staunch opponent of the plan"."""

ATTITUDE_ADJECTIVES = _words(
    """
    critical sure certain confident convinced worried concerned skeptical sceptical opposed supportive proud happy
    glad pleased hopeful aware afraid fearful angry upset optimistic pessimistic eager willing determined reluctant
    keen adamant insistent doubtful unsure uncertain satisfied dissatisfied disappointed frustrated furious outraged
    incensed shocked surprised thrilled excited grateful thankful sorry unhappy nervous anxious wary suspicious
    unaware mindful enthusiastic passionate vocal outspoken coy open receptive resistant hostile sympathetic
    committed adamantly intent bent desperate anxious ambivalent unconvinced emphatic categorical
    """
)
"""Adjectives of a stance or feeling toward a content: "she was sure that...", "critical of"."""

NOUN_CONTENT_PREPS = _words("about of on for against over that")
"""Prepositions that link a cue noun to its content ("concerns about", "calls for")."""

MEDIUM_NOUNS = _words(
    """
    statement interview tweet post letter speech email e-mail message video op-ed editorial column essay
    memo memorandum filing note release conference call briefing appearance address remarks podcast
    broadcast blog book report
    """
)
"""Nouns of the medium a statement was made in ("said in a statement", "in an interview")."""

ADDRESSEE_NOUNS = _words(
    """
    reporter journalist supporter voter people audience crowd member official lawmaker colleague listener viewer
    reader follower fan student worker employee staff aide donor delegate attendee senator congressman leader
    citizen resident parent child family friend guest interviewer host moderator committee panel jury court
    """
)
"""People a statement is addressed to: the object of "told reporters", "urged supporters"."""

NOT_SOURCE = frozenset({"it", "there", "this", "that"})
"""Subjects that are not sources when they are expletive ("it was reported that...")."""

REPORTING_PARTICLES = frozenset({"out", "up", "back", "down", "off", "on", "in"})
"""Particles kept in the cue's verb group ("pointed out", "backed up", "called off")."""

QUOTE_ONLY = _words("continue go begin start conclude finish close open interject chime")
"""Verbs that are cues only next to a quotation ("“...,” she continued.", "He began: “...”")."""

NAMING = _words("call dub label brand term nickname deem declare pronounce describe characterize characterise")
"""Verbs that attribute a description: "called Trump a liar" (object and predicate are the content)."""

PASSIVE_NOT_CUES = _words("see hear suppose require clarify pressure force ban prohibit forbid file list record")
"""Cue verbs whose passive is not an attribution ("was supposed to", "can be heard yelling")."""

CUE_VERBS = SPEECH | frozenset(PREP_CUES) | QUOTE_ONLY
"""Every verb lemma that may head a cue."""

NOT_SPEAKERS = _words(
    """
    update updated note editor editors related correction corrections photo photos video videos watch read listen
    image images caption credit disclosure advertisement subscribe follow contact email tags topics filed posted
    published by from to subject date time location where when what why how who warning spoiler source sources
    background context bottom line the a an this that these those here there it
    """
)
"""First words of a colon-ended prefix that is a label, not a speaker ("Update:", "Related:")."""
