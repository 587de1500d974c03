import { useEffect, useState } from "react";

export type Theme = "light" | "dark";
const KEY = "flyte-console-theme";

const systemTheme = (): Theme => (window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light");

function storedTheme(): Theme | undefined {
  try {
    const t = window.localStorage.getItem(KEY);
    return t === "light" || t === "dark" ? t : undefined;
  } catch {
    return undefined;
  }
}

/** A stored choice wins; otherwise theme.css follows prefers-color-scheme. */
export function applyStoredTheme(): void {
  const t = storedTheme();
  if (t) document.documentElement.dataset.theme = t;
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => storedTheme() ?? systemTheme());
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const toggle = () => {
    const next: Theme = theme === "dark" ? "light" : "dark";
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // storage unavailable (private mode): the choice lasts for this page only
    }
    setTheme(next);
  };
  return [theme, toggle];
}
