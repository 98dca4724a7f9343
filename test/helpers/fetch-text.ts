/** GET `url` as text, retrying while nothing listens yet (a server in a container that is starting). */
export async function fetchText(url: string, tries = 50): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await (await fetch(url)).text();
    } catch (err) {
      if (i >= tries) throw err;
      await Bun.sleep(100);
    }
  }
}
