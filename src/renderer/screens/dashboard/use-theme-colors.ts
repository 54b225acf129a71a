import { useEffect, useState } from 'react';
import { useTheme } from '../../app/theme.js';

/**
 * SVG attributes cannot use CSS variables everywhere, so the chart gets the current theme's
 * colours as values, read again whenever the theme flips.
 */
export function useThemeColors<K extends string>(variables: Record<K, string>): Record<K, string> {
  const theme = useTheme((s) => s.theme);
  const read = () => {
    const style = getComputedStyle(document.documentElement);
    const out = {} as Record<K, string>;
    for (const [key, name] of Object.entries(variables) as Array<[K, string]>) out[key] = style.getPropertyValue(name).trim() || '#888';
    return out;
  };
  const [colors, setColors] = useState(read);
  useEffect(() => {
    // The app sets data-theme in its own effect; read after it has run.
    const frame = requestAnimationFrame(() => setColors(read()));
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the variable names are fixed per caller
  }, [theme]);
  return colors;
}
