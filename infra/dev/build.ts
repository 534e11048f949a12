// `npm run build`: the widget and the embed loader, for the API to host (API_WIDGET_DIR,
// API_EMBED_FILE) or for a CDN.
import { buildWidget } from './build-widget.ts';

const built = await buildWidget(true);
console.log(`widget: ${built.widgetDir}\nembed loader: ${built.embedFile}`);
