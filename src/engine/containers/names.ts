/** Random two-word names, Docker-style ("adjective_noun"), from Bunker's own word lists. */
const adjectives = [
  "agile", "amber", "bold", "brave", "breezy", "bright", "calm", "clever", "cosmic", "crisp", "curious",
  "daring", "dapper", "eager", "earnest", "fancy", "fearless", "gentle", "gleaming", "golden", "happy",
  "hardy", "humble", "jolly", "keen", "kind", "lively", "lucid", "lucky", "mellow", "merry", "mighty",
  "nimble", "noble", "patient", "plucky", "polite", "proud", "quick", "quiet", "rapid", "relaxed",
  "serene", "sharp", "shiny", "silent", "snappy", "steady", "sturdy", "sunny", "swift", "tender",
  "tidy", "upbeat", "vivid", "warm", "wise", "witty", "zealous", "zesty",
];
const nouns = [
  "albatross", "badger", "beaver", "bison", "bobcat", "caribou", "cheetah", "condor", "cormorant",
  "coyote", "crane", "dolphin", "egret", "falcon", "ferret", "finch", "gazelle", "gecko", "gibbon",
  "heron", "ibex", "jackal", "jaguar", "kestrel", "kingfisher", "koala", "lemur", "leopard", "lynx",
  "magpie", "marmot", "meerkat", "mongoose", "narwhal", "ocelot", "okapi", "osprey", "otter", "panda",
  "pelican", "penguin", "puffin", "quokka", "raven", "salamander", "seal", "sparrow", "stork", "tapir",
  "tern", "toucan", "walrus", "weasel", "wombat", "wren", "yak", "zebra",
];

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)]!;
}

/** A name not in `taken`: adjective_noun, with a number appended after a few collisions. */
export function randomName(taken: (name: string) => boolean): string {
  for (let i = 0; ; i++) {
    const name = `${pick(adjectives)}_${pick(nouns)}${i >= 10 ? Math.floor(Math.random() * 100) : ""}`;
    if (!taken(name)) return name;
  }
}

/** Docker's rule for container names. */
export const validName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
